using ActorRec.Models.Data;
using Xunit;

namespace ActorRec.Models.Tests.Fuzzing;

/// <summary>
/// Runs one load of a damaged file and holds it to the loaders' contract: it returns, or it throws a
/// <see cref="DataFileException"/> naming one of the files it was given; it finishes, and it does not allocate far
/// beyond the size of its input.
/// </summary>
internal static class FuzzRun
{
    /// <summary>A healthy load of these small files takes milliseconds; this only tells a hang from a slow machine.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Managed bytes a load may allocate per input byte, above a fixed allowance for buffers and tables.</summary>
    private const long AllocationPerInputByte = 64;

    private const long AllocationAllowance = 16 << 20;

    /// <summary>The loaded value, or null when the load refused the input with a clear error.</summary>
    public static T? Load<T>(Func<T> load, IReadOnlyCollection<string> files, long inputBytes, object damage)
        where T : class
    {
        T? result = null;
        Exception? error = null;
        var allocated = 0L;
        var thread = new Thread(
            () =>
            {
                var before = GC.GetAllocatedBytesForCurrentThread();
                try
                {
                    result = load();
                }
                catch (Exception e)
                {
                    error = e;
                }

                allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            })
        { IsBackground = true, Name = "fuzz-load" };
        thread.Start();

        Assert.True(thread.Join(Deadline), $"Loading {string.Join(", ", files)} did not finish within {Deadline.TotalSeconds} s after {Describe(damage)}.");
        var limit = (AllocationPerInputByte * inputBytes) + AllocationAllowance;
        Assert.True(allocated <= limit, $"Loading {inputBytes} bytes allocated {allocated} bytes (limit {limit}) after {Describe(damage)}.");
        if (error is null)
        {
            return result;
        }

        if (error is DataFileException clear && files.Contains(clear.FilePath) && clear.Message.StartsWith(clear.FilePath + ":", StringComparison.Ordinal))
        {
            return null;
        }

        Assert.Fail($"After {Describe(damage)} the load threw {error.GetType().Name}, not a DataFileException naming one of {string.Join(", ", files)}: {error}");
        return null;
    }

    public static string Describe(object damage) =>
        damage is System.Collections.IEnumerable list and not string ? string.Join(" + ", list.Cast<object>()) : damage.ToString() ?? "?";
}
