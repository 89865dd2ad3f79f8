using ActorRec.Contracts.V1;
using Google.Protobuf;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>Unary requests sent concurrently and click events sent down one stream, as one generated test case.</summary>
internal sealed record FieldCase(IMessage[] Unary, ClickEvent[] Streamed)
{
    public override string ToString() =>
        $"unary: [{string.Join(", ", Unary.Select(Described.Message))}]; streamed: [{string.Join(", ", Streamed.Select(Described.Message))}]";
}
