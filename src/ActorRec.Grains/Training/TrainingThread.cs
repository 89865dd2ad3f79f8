using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace ActorRec.Grains.Training;

/// <summary>Sets up the thread that trains: its libtorch thread count and its scheduling priority.</summary>
/// <remarks>
/// libtorch (OpenMP build, as TorchSharp ships it) keeps the thread count per thread once a thread has used it, but
/// <c>set_num_threads</c> also records the value as the default that every thread picks up on its first parallel
/// operation. Measured on this build: a thread that had called <c>set_num_threads(1)</c> and not yet run anything
/// switched to 2 threads after another thread set 2. So the training thread fixes its own count at once (reading it
/// initialises the thread) and then puts the process default back from a short-lived thread, which leaves the
/// inference worker and every other thread as they were.
/// </remarks>
internal static partial class TrainingThread
{
    private const int PriorityOfProcess = 0;

    public static void Configure(int threads, int niceness, ILogger logger)
    {
        var processDefault = OnOtherThread(get_num_threads);
        set_num_threads(threads);
        var own = get_num_threads();
        if (processDefault != threads)
        {
            OnOtherThread(() =>
            {
                set_num_threads(processDefault);
                return processDefault;
            });
        }

        LogConfigured(logger, own, processDefault);
        if (niceness > 0 && OperatingSystem.IsLinux())
        {
            Renice(niceness, logger);
        }
    }

    /// <summary>Lowers this thread's priority; OpenMP threads it starts later inherit it.</summary>
    private static void Renice(int niceness, ILogger logger)
    {
        try
        {
            // On Linux, PRIO_PROCESS with a thread id changes that one thread, not the whole process.
            if (SetPriority(PriorityOfProcess, (uint)GetThreadId(), niceness) != 0)
            {
                LogReniceFailed(logger, niceness, Marshal.GetLastPInvokeError());
            }
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            LogReniceFailed(logger, niceness, -1);
        }
    }

    private static T OnOtherThread<T>(Func<T> read)
    {
        var result = default(T)!;
        var thread = new Thread(() => result = read()) { IsBackground = true, Name = "actorrec-torch-settings" };
        thread.Start();
        thread.Join();
        return result;
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, uint who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetThreadId();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Training thread uses {Threads} libtorch thread(s); other threads keep the default of {Default}")]
    private static partial void LogConfigured(ILogger logger, int threads, int @default);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Could not lower the training thread's priority to nice {Niceness} (error {Error}); it competes with serving as an equal")]
    private static partial void LogReniceFailed(ILogger logger, int niceness, int error);
}
