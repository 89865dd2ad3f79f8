using ActorRec.Server.Tests.Fixtures;
using ActorRec.Server.Tests.Fuzzing;
using Grpc.Core;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>
/// Bytes that are not the method's message are the client's fault and answered INVALID_ARGUMENT; grpc-dotnet itself
/// gives them UNKNOWN or INTERNAL, the statuses kept for this service's bugs.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class MalformedRequestTests(ServerFixture server)
{
    private const string Click = "/actorrec.v1.Recommender/Click";
    private const string Stream = "/actorrec.v1.Recommender/Stream";

    public static TheoryData<string, string, string?, string?, string> Requests => new()
    {
        // Field 1 (session_id, length-delimited) claiming 5 bytes where 1 follows: not protobuf.
        { "truncated protobuf", Click, "application/grpc", null, "00000000020A05" },
        { "truncated protobuf in a stream", Stream, "application/grpc", null, "00000000020A05" },
        { "a frame cut inside its header", Click, "application/grpc", null, "000000" },
        { "a frame shorter than its length prefix", Click, "application/grpc", null, "00000000100A01" },
        { "an empty body", Click, "application/grpc", null, "" },
        { "two frames for a unary call", Click, "application/grpc", null, "00000000000000000000" },
        { "the compressed flag without grpc-encoding", Click, "application/grpc", null, "01000000020A00" },
        { "the compressed flag with identity encoding", Click, "application/grpc", "identity", "01000000020A00" },
        { "gzip bytes that are not gzip", Click, "application/grpc", "gzip", "0100000003FFFFFF" },
        { "a flag byte of 7", Click, "application/grpc", null, "07000000020A00" },
        { "a content type that is not gRPC", Click, "application/json", null, "0000000000" },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_that_is_not_the_methods_message_gets_invalid_argument(string shape, string path, string? contentType, string? encoding, string hex)
    {
        server.RequireServer();
        using var http = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost/") };

        var status = await new ApiFuzzer(server).SendRawAsync(http, new RawRequest(path, contentType, encoding, Convert.FromHexString(hex), shape), TestContext.Current.CancellationToken);

        Assert.Equal(StatusCode.InvalidArgument, status);
    }

    [Fact]
    public async Task A_length_prefix_of_2_GiB_gets_resource_exhausted()
    {
        server.RequireServer();
        using var http = new HttpClient(server.CreateHandler()) { BaseAddress = new Uri("http://localhost/") };

        var status = await new ApiFuzzer(server).SendRawAsync(http, new RawRequest(Click, "application/grpc", null, Convert.FromHexString("00FFFFFFFF0A"), "2 GiB prefix"), TestContext.Current.CancellationToken);

        Assert.Equal(StatusCode.ResourceExhausted, status);
    }
}
