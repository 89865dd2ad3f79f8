namespace ActorRec.Gateway;

/// <summary>The gateway's entry point: the public gRPC API in front of the cluster's silos.</summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddActorRecGateway();

        var app = builder.Build();
        app.MapActorRecGateway();
        app.Run();
    }
}
