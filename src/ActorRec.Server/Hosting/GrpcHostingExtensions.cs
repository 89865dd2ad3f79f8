using ActorRec.Api;
using ActorRec.Server.Services;

namespace ActorRec.Server.Hosting;

/// <summary>The public gRPC API in a silo, with the silo's own readiness checks.</summary>
internal static class GrpcHostingExtensions
{
    public static WebApplicationBuilder AddActorRecGrpc(this WebApplicationBuilder builder)
    {
        // Before the API's default (the gateway tag): clicks taken here are stamped with this silo's address.
        builder.Services.AddSingleton(services => new ApiOrigin(services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString()));
        builder.AddActorRecApi().AddCheck<ModelHealthCheck>("model").AddCheck<ClickLogHealthCheck>("click-log");
        return builder;
    }

    public static WebApplication MapActorRecEndpoints(this WebApplication app) => app.MapActorRecApi();
}
