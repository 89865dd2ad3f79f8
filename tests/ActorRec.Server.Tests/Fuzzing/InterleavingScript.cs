using ActorRec.Contracts.V1;
using Google.Protobuf;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>Several streams and unary calls sent at the same time over a few shared sessions, as one generated test case.</summary>
internal sealed record InterleavingScript(ClickEvent[][] Streams, IMessage[] Unary)
{
    public int RequestCount => Streams.Sum(s => s.Length) + Unary.Length;

    public override string ToString() =>
        $"streams: [{string.Join(" | ", Streams.Select(s => string.Join(", ", s.Select(c => $"{c.SessionId}#{c.Seq}"))))}]; unary: [{string.Join(", ", Unary.Select(Described.Message))}]";
}
