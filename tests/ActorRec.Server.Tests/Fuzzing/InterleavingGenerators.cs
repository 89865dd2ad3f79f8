using ActorRec.Contracts.V1;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Valid and nearly valid traffic over three sessions shared by several concurrent streams and unary calls: seqs in
/// order, retried, ahead of the session, and EndSession at any point, so that the orders in which the server sees
/// them are many.
/// </summary>
internal sealed class InterleavingGenerators(IReadOnlyList<string> knownItems)
{
    private const int Sessions = 3;

    private Gen<ClickEvent> Click =>
        from session in Gen.Choose(0, Sessions - 1)
        from seq in Gen.Frequency((8, Gen.Choose(1, 8)), (1, Gen.Elements(0, -1, 1000)))
        from item in Gen.Elements<string>(knownItems)
        from k in Gen.Choose(1, 20)
        from eventType in Gen.Elements("", "click", "view", "cart", "purchase")
        select new ClickEvent { SessionId = $"s{session}", Seq = seq, ItemId = item, K = k, EventType = eventType };

    private Gen<IMessage> Unary => Gen.Frequency(
        (4, Click.Select(c => (IMessage)c)),
        (2, Gen.Zip(Gen.Choose(0, Sessions - 1), Gen.Choose(0, 20), (session, k) => (IMessage)new GetRecommendationsRequest { SessionId = $"s{session}", K = k })),
        (1, Gen.Choose(0, Sessions - 1).Select(session => (IMessage)new EndSessionRequest { SessionId = $"s{session}" })));

    public Gen<InterleavingScript> Script =>
        from streamCount in Gen.Choose(2, 3)
        from streams in Gen.ArrayOf(Gen.Choose(6, 14).SelectMany(n => Gen.ArrayOf(Click, n)), streamCount)
        from unary in Gen.ArrayOf(Unary, 10)
        select new InterleavingScript(streams, unary);
}
