using ActorRec.Api.Security;
using ActorRec.Server.Hosting;

try
{
    var builder = WebApplication.CreateBuilder(args);

    builder.AddActorRecSilo();
    builder.AddActorRecGrpc();
    builder.AddActorRecTelemetry();

    var app = builder.Build();

    app.MapActorRecEndpoints();
    app.MapActorRecMetrics();

    app.Run();
    return 0;
}
catch (OpenEndpointException e)
{
    // A refusal to start open to the network is a configuration answer, not a crash: the message, no stack trace.
    Console.Error.WriteLine(e.Message);
    return 2;
}

/// <summary>The server's entry point, visible to functional tests.</summary>
public partial class Program;
