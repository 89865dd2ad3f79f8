using ActorRec.Server.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddActorRecSilo();
builder.AddActorRecGrpc();
builder.AddActorRecTelemetry();

var app = builder.Build();

app.MapActorRecEndpoints();
app.MapActorRecMetrics();

app.Run();

/// <summary>The server's entry point, visible to functional tests.</summary>
public partial class Program;
