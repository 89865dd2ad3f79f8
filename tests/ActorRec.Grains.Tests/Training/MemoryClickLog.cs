using System.Globalization;
using ActorRec.Grains.ClickLog;

namespace ActorRec.Grains.Tests.Training;

/// <summary>A click log held in memory, for trainer tests that decide exactly which clicks were logged; positions are click counts.</summary>
internal sealed class MemoryClickLog : IClickLog
{
    private readonly List<LoggedClick> _clicks = [];
    private readonly Lock _lock = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _clicks.Count;
            }
        }
    }

    public void AppendRange(IEnumerable<LoggedClick> clicks)
    {
        lock (_lock)
        {
            _clicks.AddRange(clicks);
        }
    }

    public ValueTask AppendAsync(LoggedClick click, CancellationToken cancellationToken = default)
    {
        AppendRange([click]);
        return ValueTask.CompletedTask;
    }

    public Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default)
    {
        var start = string.IsNullOrEmpty(position) ? 0 : int.Parse(position, CultureInfo.InvariantCulture);
        lock (_lock)
        {
            var end = Math.Min(_clicks.Count, start + maxCount);
            if (end <= start)
            {
                return Task.FromResult(new ClickLogPage([], position ?? ""));
            }

            return Task.FromResult(new ClickLogPage(_clicks[start..end], end.ToString(CultureInfo.InvariantCulture)));
        }
    }
}
