using System.Diagnostics;
using System.Globalization;
using ActorRec.Client;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.Faults;

/// <summary>
/// Everything the client saw during a run, time-stamped in seconds since the traffic started: each session's
/// confirmed and unanswered clicks, every failed attempt, every answer's latency and every fault injected. Thread-safe.
/// </summary>
internal sealed class ClickRecorder
{
    private readonly Lock _lock = new();
    private readonly long _origin = Stopwatch.GetTimestamp();
    private readonly Dictionary<string, SessionTrack> _sessions = new(StringComparer.Ordinal);
    private readonly List<(double At, string Status)> _failures = [];
    private readonly List<(double QueuedAt, double Latency)> _latencies = [];
    private readonly List<FaultRecord> _faults = [];

    // Answers that came but that their session has not looked at yet: those clicks are no longer waiting on anything.
    private readonly HashSet<(string Session, int Position)> _arrived = [];

    /// <summary>Seconds since the recorder was made (the start of the traffic).</summary>
    public double Now => Stopwatch.GetElapsedTime(_origin).TotalSeconds;

    /// <summary>Sessions that gave up (a click unanswered past the click timeout) and were resumed.</summary>
    public int Resumes { get; private set; }

    /// <summary>One line on where the run stands, for the console.</summary>
    public string Progress()
    {
        lock (_lock)
        {
            var unanswered = _sessions.Values.Sum(s => s.Unanswered.Count) - _arrived.Count;
            return string.Create(CultureInfo.InvariantCulture,
                $"{Now,6:0.0} s  answered {_latencies.Count:N0}, failed attempts {_failures.Count:N0}, unanswered {unanswered:N0}, sessions resumed {Resumes:N0}");
        }
    }

    public SessionTrack Begin(string sessionId)
    {
        var track = new SessionTrack(sessionId);
        lock (_lock)
        {
            _sessions.Add(sessionId, track);
        }

        return track;
    }

    public ReplayedClick Queued(SessionTrack track, int position, string itemId, string eventType)
    {
        var click = new ReplayedClick(position, itemId, eventType, Now);
        lock (_lock)
        {
            track.Unanswered.Add(click);
        }

        return click;
    }

    /// <summary>The answer to a click came; returns the time, and the click stops counting as unanswered for the faults.</summary>
    public double Arrived(SessionTrack track, int position)
    {
        lock (_lock)
        {
            _arrived.Add((track.Id, position));
            return Now;
        }
    }

    /// <summary>The first unanswered click of <paramref name="track"/> was answered with <paramref name="answer"/> at <paramref name="now"/>.</summary>
    public void Acknowledged(SessionTrack track, Recommendation answer, double now)
    {
        lock (_lock)
        {
            var click = track.Unanswered[0];
            track.Unanswered.RemoveAt(0);
            _arrived.Remove((track.Id, click.Position));
            track.Confirmed.Add(click);
            long seq = track.Confirmed.Count;

            // A duplicate carries the stored answer of the session's latest click, which may be later than this one.
            if (answer.Duplicate ? answer.Seq < seq : answer.Seq != seq)
            {
                track.WrongSeqAnswers++;
            }

            track.Answers[seq] = answer;
            track.LastAcknowledged = seq;
            _latencies.Add((click.QueuedAt, now - click.QueuedAt));
            foreach (var fault in _faults)
            {
                // Answers are looked at in each session's order, not in time order.
                if (now >= fault.InjectedAt && (fault.FirstAnswerAt is not { } first || now < first))
                {
                    fault.FirstAnswerAt = now;
                }

                if (fault.Waiting.Remove((track.Id, click.Position)) && (fault.RecoveredAt is not { } recovered || now > recovered))
                {
                    fault.RecoveredAt = now;
                }
            }
        }
    }

    /// <summary>The first unanswered click of <paramref name="track"/> was rejected for good: it holds no seq.</summary>
    public void Rejected(SessionTrack track)
    {
        lock (_lock)
        {
            track.Unanswered.RemoveAt(0);
        }
    }

    /// <summary>
    /// The session gave up and the server says it applied <paramref name="serverSeq"/> clicks: the unanswered clicks up to
    /// there are applied. Returns how many were, or null when the server's count contradicts what was answered or sent.
    /// </summary>
    public int? Resumed(SessionTrack track, long serverSeq)
    {
        lock (_lock)
        {
            Resumes++;
            if (serverSeq < track.LastAcknowledged)
            {
                track.Regressions++;
                return null;
            }

            var applied = serverSeq - track.Confirmed.Count;
            if (applied > track.Unanswered.Count)
            {
                track.Overruns++;
                return null;
            }

            var now = Now;
            for (var i = 0; i < applied; i++)
            {
                var click = track.Unanswered[0];
                track.Confirmed.Add(click);
                track.Unanswered.RemoveAt(0);
                track.AppliedUnanswered++;
                foreach (var fault in _faults.Where(f => f.Waiting.Remove((track.Id, click.Position))))
                {
                    fault.RecoveredAt = Math.Max(fault.RecoveredAt ?? now, now);
                }
            }

            return (int)applied;
        }
    }

    /// <summary>The client's report of a failed attempt: counted by status, and the session's unanswered clicks are disturbed by the latest fault.</summary>
    public void AttemptFailed(ClickAttemptFailure failure)
    {
        var now = Now;
        lock (_lock)
        {
            _failures.Add((now, StatusName(failure.Status)));
            if (_faults.Count > 0 && _sessions.TryGetValue(failure.SessionId, out var track))
            {
                var fault = _faults[^1];
                foreach (var click in track.Unanswered.Where(c => !_arrived.Contains((track.Id, c.Position))))
                {
                    if (fault.Waiting.Add((track.Id, click.Position)))
                    {
                        fault.Affected++;
                    }
                }
            }
        }
    }

    /// <summary>Records a fault as injected now: the clicks unanswered at this moment are disturbed by it.</summary>
    public FaultRecord FaultInjected(string kind, string target)
    {
        lock (_lock)
        {
            var fault = new FaultRecord(kind, target, Now);
            foreach (var track in _sessions.Values)
            {
                foreach (var click in track.Unanswered.Where(c => !_arrived.Contains((track.Id, c.Position))))
                {
                    fault.Waiting.Add((track.Id, click.Position));
                }
            }

            fault.Affected = fault.Waiting.Count;
            _faults.Add(fault);
            return fault;
        }
    }

    /// <summary>The session's unanswered clicks, in click order.</summary>
    public IReadOnlyList<ReplayedClick> UnansweredOf(SessionTrack track)
    {
        lock (_lock)
        {
            return [.. track.Unanswered];
        }
    }

    public IReadOnlyList<SessionTrack> Sessions()
    {
        lock (_lock)
        {
            return [.. _sessions.Values];
        }
    }

    public IReadOnlyList<FaultRecord> Faults()
    {
        lock (_lock)
        {
            return [.. _faults];
        }
    }

    public IReadOnlyList<(double At, string Status)> Failures()
    {
        lock (_lock)
        {
            return [.. _failures];
        }
    }

    public IReadOnlyList<(double QueuedAt, double Latency)> Latencies()
    {
        lock (_lock)
        {
            return [.. _latencies];
        }
    }

    /// <summary>The status as the gRPC specification spells it (DEADLINE_EXCEEDED); CALL_ENDED for a call the server ended with clicks unanswered.</summary>
    public static string StatusName(StatusCode status) => status == StatusCode.OK
        ? "CALL_ENDED"
        : string.Concat(status.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{c}" : char.ToUpperInvariant(c).ToString()));
}
