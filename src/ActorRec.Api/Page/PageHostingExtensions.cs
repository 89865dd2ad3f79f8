using System.Net;
using ActorRec.Api.Security;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ActorRec.Api.Page;

/// <summary>
/// The live page: its files at <c>/</c> and <c>/page/*</c>, and gRPC-Web in front of the API so that the page's
/// fetch() calls reach the very services, interceptors, authentication, scopes and rate limits that gRPC clients do.
/// </summary>
internal static class PageHostingExtensions
{
    public static void AddActorRecPage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PageOptions>().BindConfiguration(PageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(services => PageDecision.Make(
            services.GetRequiredService<IOptions<PageOptions>>().Value,
            services.GetRequiredService<IOptions<ServingOptions>>().Value,
            services.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(services => new PageAssets(new Dictionary<string, byte[]>
        {
            ["api.json"] = PageContract.Build(services.GetRequiredService<IOptions<PageOptions>>().Value),
        }));
        builder.Services.AddHostedService<PageReport>();
    }

    /// <summary>Adds gRPC-Web and maps the page when <see cref="PageDecision"/> says so; call before the API's own middleware.</summary>
    public static void UseActorRecPage(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<PageDecision>().Enabled)
        {
            return;
        }

        var security = app.Services.GetRequiredService<IOptions<SecurityOptions>>().Value;
        if (!security.CredentialsConfigured && !security.AllowAnonymous)
        {
            // Anonymous callers are served because only this machine can connect. A web site the user visits could
            // still point its own host name at 127.0.0.1 (DNS rebinding) and call as the same origin; the Host header
            // it must send then names that site, so anything but a loopback name is refused.
            app.Use((context, next) => IsGrpcWeb(context.Request) && !IsLoopbackHost(context.Request.Host)
                ? GrpcStatusResponse.WriteAsync(context, StatusCode.PermissionDenied, $"calls through the page must address this server by a loopback name (localhost, 127.0.0.1), not {context.Request.Host.Host}, unless credentials are configured")
                : next(context));
        }

        // Before the API's middleware, so that its statuses (malformed requests, refusals) reach the browser in gRPC-Web framing.
        app.UseGrpcWeb(new GrpcWebOptions { DefaultEnabled = true });
        var assets = app.Services.GetRequiredService<PageAssets>();
        app.MapGet("/", context => assets.ServeAsync(context, "index.html")).AllowAnonymous();
        app.MapGet("/page/{name}", (HttpContext context, string name) => assets.ServeAsync(context, name)).AllowAnonymous();
    }

    private static bool IsGrpcWeb(HttpRequest request) =>
        request.ContentType?.StartsWith("application/grpc-web", StringComparison.OrdinalIgnoreCase) == true;

    private static bool IsLoopbackHost(HostString host) =>
        string.Equals(host.Host, "localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
