using System.Runtime.InteropServices;

namespace ActorRec.Models.Gru4Rec;

/// <summary>
/// Lets the C heap keep the buffers a training step frees, so that the next step reuses them instead of asking the
/// kernel for fresh pages.
/// </summary>
/// <remarks>
/// A GRU4Rec step allocates and frees the same few buffers thousands of times an epoch; with diginetica's 512-wide
/// model the gathered item rows, their gradients and the optimizer's row updates are 1-8 MB each. glibc's defaults hand
/// such blocks back to the kernel (mmap above a threshold that starts at 128 KB, and heap trimming once 128 KB lie free
/// at the top), and every step then page-faulted them in again: perf put a fifth of a diginetica epoch in the kernel's
/// page-fault handler, and 300 minibatches took less than half the time with the thresholds raised. The settings are
/// process-wide and only decide when freed memory is returned to the kernel, never what a computation yields; a process
/// that trains keeps up to <see cref="TrimThresholdBytes"/> of freed heap for its next use.
/// </remarks>
internal static class NativeHeap
{
    /// <summary>glibc's largest mmap threshold (HEAP_MAX_SIZE / 2 on 64-bit); blocks below it come from the heap.</summary>
    private const int MmapThresholdBytes = 32 << 20;

    private const int TrimThresholdBytes = 512 << 20;

    // mallopt parameter numbers from glibc's malloc.h.
    private const int MTrimThreshold = -1;
    private const int MMmapThreshold = -3;

    private static int _configured;

    /// <summary>Raises glibc's mmap and trim thresholds once per process; does nothing off Linux or where libc lacks mallopt.</summary>
    public static void KeepFreedBuffers()
    {
        if (!OperatingSystem.IsLinux() || Interlocked.Exchange(ref _configured, 1) == 1)
        {
            return;
        }

        try
        {
            _ = MallOpt(MMmapThreshold, MmapThresholdBytes);
            _ = MallOpt(MTrimThreshold, TrimThresholdBytes);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Another C library: its defaults stay, training is only slower.
        }
    }

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int parameter, int value);
}
