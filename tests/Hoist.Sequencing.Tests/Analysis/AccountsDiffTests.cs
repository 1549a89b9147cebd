using Hoist.Packaging.Manifests;
using Hoist.Sequencing.Analysis;

namespace Hoist.Sequencing.Tests.Analysis;

public sealed class AccountsDiffTests
{
    private const string PasswdBefore = """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        """;

    private const string PasswdAfter = """
        root:x:0:0:root:/root:/bin/bash
        daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
        nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
        # a comment line

        kvstore:x:101:102::/var/lib/kvstore:/usr/sbin/nologin
        broken:x:notanumber:1::/:/bin/sh
        short:x:103
        +nisuser::::::
        """;

    private const string GroupBefore = """
        root:x:0:
        adm:x:4:
        ssl-cert:x:101:
        nogroup:x:65534:
        """;

    private const string GroupAfter = """
        root:x:0:
        adm:x:4:
        ssl-cert:x:101:kvstore
        nogroup:x:65534:
        kvstore:x:102:
        webadmins:x:103:alice, bob
        bad-group:x:
        """;

    [Fact]
    public void Diff_SystemUserAdded_ReportsItWithAllFields()
    {
        var changes = AccountsDiff.Diff(PasswdBefore, PasswdAfter, GroupBefore, GroupAfter);

        var user = Assert.Single(changes.Users);
        Assert.Equal(
            new UserSpec { Name = "kvstore", Uid = 101, Gid = 102, Gecos = null, Home = "/var/lib/kvstore", Shell = "/usr/sbin/nologin" },
            user);
    }

    [Fact]
    public void Diff_NewGroupsAndExistingGroupGainingMember_ReportsBothInFileOrder()
    {
        var changes = AccountsDiff.Diff(PasswdBefore, PasswdAfter, GroupBefore, GroupAfter);

        Assert.Equal(3, changes.Groups.Count);
        Assert.Equal("ssl-cert", changes.Groups[0].Name);
        Assert.Equal(101u, changes.Groups[0].Gid);
        Assert.Equal(["kvstore"], changes.Groups[0].Members);
        Assert.True(changes.Groups[0].Existing);
        Assert.Equal("kvstore", changes.Groups[1].Name);
        Assert.Equal(102u, changes.Groups[1].Gid);
        Assert.Empty(changes.Groups[1].Members);
        Assert.False(changes.Groups[1].Existing);
        Assert.Equal("webadmins", changes.Groups[2].Name);
        Assert.Equal(["alice", "bob"], changes.Groups[2].Members);
        Assert.False(changes.Groups[2].Existing);
    }

    [Fact]
    public void Diff_ExistingGroupWithMoreMembers_ReportsOnlyTheAddedOnes()
    {
        var changes = AccountsDiff.Diff("", "", "video:x:44:alice\n", "video:x:44:alice,kvstore,bob\n");

        var group = Assert.Single(changes.Groups);
        Assert.Equal(["kvstore", "bob"], group.Members);
        Assert.True(group.Existing);
    }

    [Fact]
    public void Diff_NothingChanged_ReportsNothing()
    {
        var changes = AccountsDiff.Diff(PasswdBefore, PasswdBefore, GroupBefore, GroupBefore);

        Assert.Empty(changes.Users);
        Assert.Empty(changes.Groups);
    }

    [Fact]
    public void Diff_UserOnlyChanged_IsNotReported()
    {
        var after = PasswdBefore.Replace("daemon:/usr/sbin:/usr/sbin/nologin", "daemon:/usr/sbin:/bin/sh", StringComparison.Ordinal);

        Assert.Empty(AccountsDiff.Diff(PasswdBefore, after, GroupBefore, GroupBefore).Users);
    }
}
