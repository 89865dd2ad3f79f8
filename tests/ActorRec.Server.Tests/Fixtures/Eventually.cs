using System.Diagnostics;

namespace ActorRec.Server.Tests.Fixtures;

/// <summary>Waits for a condition with a deadline and a message naming what was awaited, so a hang fails instead of stalling the run.</summary>
internal static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>Evaluates <paramref name="condition"/> until it holds; each poll is followed by a short pause, not relied on for ordering.</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string awaited, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with a message naming it when it does not finish in time.</summary>
    public static async Task Within(Task task, string awaited)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
        }
    }

    /// <summary>Awaits <paramref name="task"/>, failing with a message naming it when it does not finish in time.</summary>
    public static async Task<T> Within<T>(Task<T> task, string awaited)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException) when (!task.IsCompleted)
        {
            throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
        }
    }
}
