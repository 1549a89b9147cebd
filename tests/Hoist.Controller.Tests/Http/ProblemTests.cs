using System.Net;
using System.Text;
using System.Text.Json;
using Hoist.Controller.Tests.Testing;
using Hoist.Core.Errors;
using Hoist.Fabric;
using Hoist.Fabric.Api;

namespace Hoist.Controller.Tests.Http;

public sealed class ProblemTests
{
    private static async Task<(HttpStatusCode Status, Problem Problem)> SendAsync(TestController controller, HttpMethod method, string route, string? json = null)
    {
        using var http = new HttpClient { BaseAddress = controller.Url };
        using var request = new HttpRequestMessage(method, route) { Content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", TestController.Token);
        using var response = await http.SendAsync(request);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("   at ", text, StringComparison.Ordinal);
        return (response.StatusCode, JsonSerializer.Deserialize(text, FabricJson.Default.Problem)!);
    }

    [Fact]
    public async Task Problem_NotFound_404WithKindAndHint()
    {
        await using var controller = await TestController.StartAsync();

        var (status, problem) = await SendAsync(controller, HttpMethod.Get, ApiRoutes.App("ghost"));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(("app 'ghost' is not in the fabric", "NotFound", 404), (problem.Title, problem.Kind, problem.Status));
        Assert.NotNull(problem.Hint);
    }

    [Fact]
    public async Task Problem_MalformedBody_400InvalidArgument()
    {
        await using var controller = await TestController.StartAsync();

        var (status, problem) = await SendAsync(controller, HttpMethod.Post, ApiRoutes.Deployments, "{\"host\": 3");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("InvalidArgument", problem.Kind);
        Assert.StartsWith("the request cannot be read", problem.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Problem_BadLimit_400InvalidArgument()
    {
        await using var controller = await TestController.StartAsync();

        var (status, problem) = await SendAsync(controller, HttpMethod.Get, ApiRoutes.Events(0, 0));

        Assert.Equal((HttpStatusCode.BadRequest, "InvalidArgument"), (status, problem.Kind));
    }

    [Fact]
    public async Task Problem_AlreadyExistsAndFailedPrecondition_409TellApartByKind()
    {
        await using var controller = await TestController.StartAsync();
        await controller.Client.RegisterAsync(new AgentRegistration { Name = "h1", Facts = TestFacts.Bookworm(), AgentVersion = "t" }, default);
        await TestLibrary.PushPackageAsync(controller.Client, TestLibrary.Redis());
        await controller.Client.DeployAsync(new DeployRequest { Package = "redis" }, default);

        var (existsStatus, exists) = await SendAsync(controller, HttpMethod.Post, ApiRoutes.Deployments, "{\"package\":\"redis\"}");
        var (scaleStatus, scale) = await SendAsync(controller, HttpMethod.Post, ApiRoutes.Scale("redis"), "{\"instances\":2}");

        Assert.Equal((HttpStatusCode.Conflict, "AlreadyExists"), (existsStatus, exists.Kind));
        Assert.Equal((HttpStatusCode.Conflict, "FailedPrecondition"), (scaleStatus, scale.Kind));
    }

    [Fact]
    public async Task Problem_UnknownRoute_404()
    {
        await using var controller = await TestController.StartAsync();

        var (status, problem) = await SendAsync(controller, HttpMethod.Get, "/v1/nothing-here");

        Assert.Equal((HttpStatusCode.NotFound, "NotFound"), (status, problem.Kind));
    }

    [Fact]
    public async Task Client_Problem_SameKindAndMessageAsTheController()
    {
        await using var controller = await TestController.StartAsync();

        var error = await Assert.ThrowsAsync<HoistException>(() => controller.Client.MigrationAsync("m42", default));

        Assert.Equal((ErrorKind.NotFound, "migration 'm42' does not exist"), (error.Kind, error.Message));
        Assert.NotNull(error.Hint);
    }

    [Theory]
    [InlineData(ErrorKind.InvalidArgument, 400)]
    [InlineData(ErrorKind.NotFound, 404)]
    [InlineData(ErrorKind.AlreadyExists, 409)]
    [InlineData(ErrorKind.FailedPrecondition, 409)]
    [InlineData(ErrorKind.Unavailable, 503)]
    public void ProblemWriter_EachKind_StatusKindHintAndDetail(ErrorKind kind, int status)
    {
        var problem = Controller.Http.ProblemWriter.Of(new HoistException(kind, "what failed", "what to do") { Details = ["line 1", "line 2"] });

        Assert.Equal((status, kind.ToString(), "what failed", "what to do", "line 1\nline 2"), (problem.Status, problem.Kind, problem.Title, problem.Hint, problem.Detail));
    }
}
