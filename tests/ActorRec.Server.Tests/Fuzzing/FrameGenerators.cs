using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Raw requests that no gRPC client would send: random payloads in well-formed frames, wrong length prefixes, the
/// compressed flag without an encoding (or with gzip over garbage), flag bytes other than 0 and 1, truncated frames,
/// surplus frames, empty bodies and foreign content types.
/// </summary>
internal static class FrameGenerators
{
    /// <summary>
    /// The methods attacked. TriggerRetrain is left out: random bytes can decode as force = true, which would start a
    /// retraining run were training enabled.
    /// </summary>
    public static readonly string[] Paths =
    [
        "/actorrec.v1.Recommender/Click",
        "/actorrec.v1.Recommender/GetRecommendations",
        "/actorrec.v1.Recommender/EndSession",
        "/actorrec.v1.Recommender/Stream",
        "/actorrec.v1.ModelAdmin/GetActiveModel",
        "/actorrec.v1.ModelAdmin/ListModels",
        "/actorrec.v1.ModelAdmin/ActivateModel",
        "/actorrec.v1.ModelAdmin/GetOnlineMetrics",
        "/actorrec.v1.ModelAdmin/ListTrainingDecisions",
        "/actorrec.v1.Recommender/NoSuchMethod",
    ];

    private static Gen<byte[]> Payload { get; } = Gen.OneOf(
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)),
        Gen.Elements<byte[]>([], [0x0A], [0x0A, 0xFF], [0x0A, 0x05, 0xFF, 0xFE, 0xC0, 0x80, 0xED], [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], [0x0F], [0x08, 0x80]));

    private static Gen<string?> ContentType { get; } = Gen.Frequency(
        (8, Gen.Constant<string?>("application/grpc")),
        (1, Gen.Elements<string?>("application/grpc+proto", "application/grpc-web", "application/json", "text/plain", "application/grpcx", null)));

    public static Gen<RawRequest> Request { get; } =
        from path in Gen.Elements(Paths)
        from contentType in ContentType
        from payload in Payload
        from other in Payload
        from shape in Gen.Choose(0, 10)
        from lengthDelta in Gen.Elements(-3, -1, 1, 7, 1000)
        from flag in Gen.Choose(2, 255)
        from cut in Gen.Choose(1, 4)
        select Build(path, contentType, payload, other, shape, lengthDelta, (byte)flag, cut);

    private static RawRequest Build(string path, string? contentType, byte[] payload, byte[] other, int shape, int lengthDelta, byte flag, int cut) => shape switch
    {
        0 or 1 => new(path, contentType, null, Frame(0, payload), "random payload"),
        2 => new(path, contentType, null, Frame(0, payload, Math.Max(0, payload.Length + lengthDelta)), $"length prefix off by {lengthDelta}"),
        3 => new(path, contentType, null, Frame(1, payload), "compressed flag without grpc-encoding"),
        4 => new(path, contentType, "gzip", Frame(1, payload), "gzip flag over bytes that are not gzip"),
        5 => new(path, contentType, null, Frame(flag, payload), $"flag byte {flag}"),
        6 => new(path, contentType, null, Frame(0, payload)[..Math.Min(cut, 4)], $"header cut after {Math.Min(cut, 4)} bytes"),
        7 => new(path, contentType, null, [], "empty body"),
        8 => new(path, contentType, null, [.. Frame(0, payload), .. Frame(0, other)], "two frames"),
        9 => new(path, contentType, null, Frame(0, payload, lengthDelta > 0 ? uint.MaxValue : int.MaxValue), "length prefix of 2 GiB or more"),
        _ => new(path, contentType, "identity", Frame(1, payload), "compressed flag with identity encoding"),
    };

    private static byte[] Frame(byte flag, byte[] payload, long? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)(declaredLength ?? payload.Length));
        payload.CopyTo(frame, 5);
        return frame;
    }
}
