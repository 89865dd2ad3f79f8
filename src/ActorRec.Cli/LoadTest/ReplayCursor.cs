using ActorRec.Contracts.V1;

namespace ActorRec.Cli.LoadTest;

/// <summary>
/// One session slot of a stream: replays a session click by click (seq 1..n) and then draws the next one. Used by a
/// single stream task, so it needs no locking.
/// </summary>
internal sealed class ReplayCursor(SessionSource source)
{
    private string _sessionId = "";
    private int _next;
    private int _end;
    private long _seq;

    /// <summary>The session of the latest click written, empty before the first.</summary>
    public string SessionId => _sessionId;

    /// <summary>
    /// Gives up the current session after a failed call: its clicks in flight may or may not have been applied, and
    /// the server applies a session's clicks strictly in seq order, so the next click starts a new session instead.
    /// </summary>
    public void Abandon() => _next = _end;

    /// <summary>Writes the next click into <paramref name="click"/> (reused across clicks), starting a new session when the current one is done.</summary>
    public void WriteNext(ClickEvent click)
    {
        if (_next == _end)
        {
            var draw = source.Next();
            _sessionId = draw.SessionId;
            _next = source.Corpus.Offsets[draw.Session];
            _end = source.Corpus.Offsets[draw.Session + 1];
            _seq = 0;
        }

        click.SessionId = _sessionId;
        click.Seq = ++_seq;
        click.ItemId = source.Corpus.Items[_next];
        click.EventType = source.Corpus.EventTypes[_next];
        _next++;
    }
}
