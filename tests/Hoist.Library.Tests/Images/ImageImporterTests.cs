using Hoist.Core.Errors;
using Hoist.Core.Processes;
using Hoist.Core.Progress;
using Hoist.Core.Storage;
using Hoist.Library.Images;
using Hoist.Testing;

namespace Hoist.Library.Tests.Images;

public sealed class ImageImporterTests : IDisposable
{
    private readonly TempDirectory _temp = new("import");
    private readonly LocalLibrary _library;

    public ImageImporterTests()
    {
        Prerequisites.RequireRoot();
        _library = new LocalLibrary(new HoistHome(_temp.Combine("home")));
    }

    [Fact]
    public async Task ImportAsync_Directory_RecordsFactsAndKeepsTreeIdentical()
    {
        var source = MiniRoot.Create(_temp.Combine("mini"));

        var image = await new ImageImporter(_library.Images).ImportAsync("mini", source, NullProgress.Instance, CancellationToken.None);

        Assert.Equal("amd64", image.Architecture);
        Assert.Equal(new OsRelease("debian", "12", "bookworm", "Mini Debian 12 (bookworm)"), image.Os);
        Assert.Equal("bookworm", image.Release);
        Assert.Matches(@"^2\.\d+$", image.Glibc);
        Assert.Contains("libc.so.6", image.Libraries);
        Assert.Equal((await TreeDigest.ComputeAsync(source, CancellationToken.None)).Digest, (await TreeDigest.ComputeAsync(image.RootPath, CancellationToken.None)).Digest);
        Assert.Equal(image.Digest, _library.Images.Get("mini").Digest);
    }

    [Fact]
    public async Task ImportAsync_TarZst_SameTreeAsDirectory()
    {
        var source = MiniRoot.Create(_temp.Combine("mini"));
        var archive = _temp.Combine("mini.tar.zst");
        var tar = await ProcessRunner.RunAsync(new ProcessSpec("tar", "--zstd", "--format=posix", "-cpf", archive, "--numeric-owner", "-C", source, "."), CancellationToken.None);
        Assert.Equal(0, tar.ExitCode);

        var image = await new ImageImporter(_library.Images).ImportAsync("from-tar", archive, NullProgress.Instance, CancellationToken.None);

        Assert.Equal((await TreeDigest.ComputeAsync(source, CancellationToken.None)).Digest, image.Digest);
    }

    [Fact]
    public async Task ImportAsync_NotAnOsRoot_InvalidArgumentAndNothingLeft()
    {
        var source = _temp.Combine("empty");
        Directory.CreateDirectory(Path.Combine(source, "etc"));
        var before = Leftovers.Take(_library.Home);

        var error = await Assert.ThrowsAsync<HoistException>(
            () => new ImageImporter(_library.Images).ImportAsync("empty", source, NullProgress.Instance, CancellationToken.None));

        Assert.Equal(ErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("not an OS root filesystem", error.Message);
        Assert.Empty(_library.Images.List());
        Leftovers.Take(_library.Home).AssertNothingLeftSince(before);
    }

    [Fact]
    public async Task ImportAsync_ExistingName_AlreadyExists()
    {
        var source = MiniRoot.Create(_temp.Combine("mini"));
        await new ImageImporter(_library.Images).ImportAsync("twice", source, NullProgress.Instance, CancellationToken.None);

        var error = await Assert.ThrowsAsync<HoistException>(
            () => new ImageImporter(_library.Images).ImportAsync("twice", source, NullProgress.Instance, CancellationToken.None));

        Assert.Equal(ErrorKind.AlreadyExists, error.Kind);
    }

    [Fact]
    public async Task RemoveAsync_Imported_RemovesRowAndFiles()
    {
        var source = MiniRoot.Create(_temp.Combine("mini"));
        var image = await new ImageImporter(_library.Images).ImportAsync("gone", source, NullProgress.Instance, CancellationToken.None);

        await _library.Images.RemoveAsync("gone", null, CancellationToken.None);

        Assert.Null(_library.Images.Find("gone"));
        Assert.False(Directory.Exists(image.RootPath));
        Assert.Empty(Directory.GetFileSystemEntries(_library.Home.Temp));
    }

    public void Dispose() => _temp.Dispose();
}
