using ActorRec.Contracts.V1;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace ActorRec.Server.Tests.Fuzzing;

/// <summary>
/// Requests of every public method with hostile field values: unicode, control characters, lone surrogates, blanks,
/// ids at and past the length limit, extreme numbers, timestamps out of range, unknown event types. Valid values are
/// mixed in so that the server also does real work between the bad requests.
/// </summary>
internal sealed class FieldGenerators(IReadOnlyList<string> knownItems, int maxIdLength)
{
    /// <summary>Text a client could put in any string field; strings stay under 8,000 characters, so a message stays under the 64 KiB limit.</summary>
    public static Gen<string> HostileText { get; } = Gen.OneOf(
        Gen.Elements(
            "", " ", "\t\r\n", "\u3000", "\u00A0", "\0", "\u001F", "a\u001Fb", "tenant\u001Fsession", "\u007F", "\u0085",
            "\uD800", "x\uDC00y", "\uDBFF\uDFFF", "\uFFFE", "\uFFFF", "\u202Eevil", "😀", "é", "e\u0301", "null", "../../etc/passwd",
            "%00", "' OR 1=1 --", "<script>", "{\"a\":1}", "click\0"),
        Gen.ArrayOf(Gen.Choose(0, 0xFFFF).Select(c => (char)c)).Select(chars => new string(chars)),
        Gen.ArrayOf(Gen.Choose(0x20, 0x7E).Select(c => (char)c)).Select(chars => new string(chars)),
        Gen.Choose(0, 7_999).Select(n => new string('x', n)));

    public static Gen<long> Seq { get; } = Gen.OneOf(
        Gen.Elements(0L, -1L, long.MinValue, long.MaxValue, long.MaxValue - 1, int.MaxValue, (long)int.MaxValue + 1, 1L),
        Gen.Choose(-3, 8).Select(n => (long)n));

    public static Gen<int> K { get; } = Gen.OneOf(
        Gen.Elements(int.MinValue, -1, 0, 1, 99, 100, 101, 1000, int.MaxValue),
        Gen.Choose(-5, 120));

    /// <summary>Unset, now, or seconds and nanos at and past the bounds of a protobuf Timestamp, the Unix epoch and the clock skew.</summary>
    public static Gen<Timestamp?> Time { get; } = Gen.OneOf(
        Gen.Constant<Timestamp?>(null),
        Gen.Fresh(() => (Timestamp?)Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow)),
        Gen.Zip(
            Gen.Elements(long.MinValue, long.MaxValue, -62_135_596_801L, -62_135_596_800L, 253_402_300_799L, 253_402_300_800L, -1L, 0L, 1_700_000_000L, DateTimeOffset.UtcNow.AddDays(3).ToUnixTimeSeconds()),
            Gen.Elements(int.MinValue, -1, 0, 999_999_999, 1_000_000_000, int.MaxValue),
            (seconds, nanos) => (Timestamp?)new Timestamp { Seconds = seconds, Nanos = nanos }));

    public static Gen<string> EventType { get; } = Gen.OneOf(
        Gen.Elements("", "click", "view", "cart", "purchase", "CLICK", " click", "click ", "delete", "purchase\0"),
        HostileText);

    /// <summary>A session of this case's own (by number; the runner makes the id unique to the run), or hostile text.</summary>
    public Gen<string> SessionId => Gen.Frequency(
        (3, Gen.Choose(0, 4).Select(n => $"s{n}")),
        (2, HostileText),
        (1, Gen.Choose(maxIdLength - 1, maxIdLength + 1).Select(n => new string('s', n))));

    public Gen<string> ItemId => Gen.Frequency(
        (3, Gen.Elements<string>(knownItems)),
        (2, HostileText),
        (1, Gen.Choose(maxIdLength - 1, maxIdLength + 1).Select(n => new string('i', n))));

    public Gen<ClickEvent> Click =>
        from sessionId in SessionId
        from seq in Seq
        from itemId in ItemId
        from eventType in EventType
        from timestamp in Time
        from k in K
        from excludeSeen in Gen.Elements(false, true)
        select new ClickEvent { SessionId = sessionId, Seq = seq, ItemId = itemId, EventType = eventType, Timestamp = timestamp, K = k, ExcludeSeen = excludeSeen };

    /// <summary>
    /// A request of any unary method. ActivateModel gets random version ids only (activating a real one would change
    /// other tests' model) and TriggerRetrain never force.
    /// </summary>
    public Gen<IMessage> UnaryRequest => Gen.Frequency(
        (6, Click.Select(c => (IMessage)c)),
        (2, Gen.Zip(SessionId, K, (sessionId, k) => (IMessage)new GetRecommendationsRequest { SessionId = sessionId, K = k })),
        (1, SessionId.Select(sessionId => (IMessage)new EndSessionRequest { SessionId = sessionId })),
        (1, HostileText.Select(versionId => (IMessage)new ActivateModelRequest { VersionId = versionId })),
        (1, K.Select(limit => (IMessage)new ListTrainingDecisionsRequest { Limit = limit })),
        (1, Gen.Elements<IMessage>(new TriggerRetrainRequest(), new GetActiveModelRequest(), new ListModelsRequest(), new GetOnlineMetricsRequest())));

    /// <summary>One case: unary requests sent together, and click events sent down one stream.</summary>
    public Gen<FieldCase> Case =>
        from unary in Gen.ArrayOf(UnaryRequest, 16)
        from streamed in Gen.ArrayOf(Click, 16)
        select new FieldCase(unary, streamed);
}
