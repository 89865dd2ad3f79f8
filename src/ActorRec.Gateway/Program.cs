using ActorRec.Api.Security;

namespace ActorRec.Gateway;

/// <summary>The gateway's entry point: the public gRPC API in front of the cluster's silos.</summary>
internal static class Program
{
    public static int Main(string[] args)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(args);
            builder.AddActorRecGateway();

            var app = builder.Build();
            app.MapActorRecGateway();
            app.Run();
            return 0;
        }
        catch (OpenEndpointException e)
        {
            // A refusal to start open to the network is a configuration answer, not a crash: the message, no stack trace.
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }
}
