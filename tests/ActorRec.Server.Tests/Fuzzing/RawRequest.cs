namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>An HTTP/2 request to a gRPC method built byte by byte; <see cref="Shape"/> says how it is malformed.</summary>
internal sealed record RawRequest(string Path, string? ContentType, string? Encoding, byte[] Body, string Shape)
{
    public override string ToString() =>
        $"{Shape} POST {Path} content-type={ContentType ?? "(none)"} grpc-encoding={Encoding ?? "(none)"} body[{Body.Length}]={Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 48)))}";
}
