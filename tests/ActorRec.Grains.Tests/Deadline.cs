using System.Diagnostics;

namespace ActorRec.Grains.Tests;

/// <summary>Waits with a generous deadline and a message naming what was awaited, so a hang fails instead of stalling the run.</summary>
internal static class Deadline
{
    /// <summary>
    /// Only bounds a hang: nothing waits this long when the code works. Two minutes, because the first epoch of a
    /// retraining run took over 30 s on a clean clone's test run while other builds and a fault run shared its two cores.
    /// </summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<T> Within<T>(Task<T> task, string awaited)
    {
        try
        {
            return await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
        }
    }

    public static async Task Within(Task task, string awaited)
    {
        try
        {
            await task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
        }
    }

    /// <summary>Polls an asynchronous <paramref name="condition"/> (a grain call) until it holds.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string awaited)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    public static async Task UntilAsync(Func<bool> condition, string awaited)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Timeout)
            {
                throw new TimeoutException($"Gave up after {Timeout.TotalSeconds} s waiting for {awaited}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(5));
        }
    }
}
