using ActorRec.Api.Security;
using ActorRec.Models.Threads;
using ActorRec.Server.Hosting;
using Microsoft.Extensions.Options;

OpenMpWaitPolicy.DefaultToPassive();

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
catch (Exception e) when (e is OpenEndpointException or OptionsValidationException)
{
    // A refusal to start open to the network, or a setting out of range (Inference:Device cuda without a GPU, ...), is a
    // configuration answer, not a crash: the message, no stack trace.
    Console.Error.WriteLine(e.Message);
    return 2;
}

/// <summary>The server's entry point, visible to functional tests.</summary>
public partial class Program;
