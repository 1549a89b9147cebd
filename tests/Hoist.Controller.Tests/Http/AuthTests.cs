using System.Net;
using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Http;

public sealed class AuthTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    public async Task V1Route_NoOrWrongToken_401AndNothingDone(string? token)
    {
        await using var controller = await TestController.StartAsync();
        using var http = new HttpClient { BaseAddress = controller.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, ApiRoutes.Register("h1"))
        {
            Content = System.Net.Http.Json.JsonContent.Create(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, FabricJson.Default.AgentRegistration),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await controller.Client.HostsAsync(default));
        var refused = Assert.Single(await controller.Client.EventsAsync(0, 100, default));
        Assert.Equal("auth.refused", refused.Kind);
        Assert.Contains("POST /v1/agents/h1/register", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_WrongToken_FailedPreconditionSayingTheTokenWasRefused()
    {
        await using var controller = await TestController.StartAsync();
        using var client = controller.ClientWith("nope");

        var error = await Assert.ThrowsAsync<HoistException>(() => client.AppsAsync(default));

        Assert.Equal(ErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("refused the token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HealthAndOpenApi_NoToken_Open()
    {
        await using var controller = await TestController.StartAsync();
        using var http = new HttpClient { BaseAddress = controller.Url };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ApiRoutes.Health)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(ApiRoutes.OpenApi)).StatusCode);
        using var client = controller.ClientWith("nope");
        Assert.True(await client.IsHealthyAsync(default));
    }

    [Fact]
    public async Task Token_NotGiven_MadeInHomeWithMode0600AndKept()
    {
        await using var controller = await TestController.StartAsync(o => o with { Token = null });
        var file = Path.Combine(controller.Home, "token");
        var token = (await File.ReadAllTextAsync(file)).Trim();

        Assert.Matches("^[0-9a-f]{64}$", token);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        using var client = controller.ClientWith(token);
        Assert.Empty(await client.AppsAsync(default));
        await controller.RestartAsync();
        Assert.Equal(token, (await File.ReadAllTextAsync(file)).Trim());
    }
}
