using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Threading.Channels;
using ActorRec.Grains.Serving;
using ActorRec.Grains.Threading;
using ActorRec.Grains.Tracing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static TorchSharp.torch;

namespace ActorRec.Grains.Inference;

/// <summary>
/// Runs session steps in batches on one dedicated thread: requests wait in a bounded queue, and the worker advances a
/// whole batch with one model step under one lease of the active model. An idle worker runs the first request that
/// arrives at once, with whatever queued beside it; requests that queue while a batch runs form the next batch, gathered
/// until <see cref="InferenceOptions.MaxBatchSize"/> or until the oldest has waited <see cref="InferenceOptions.MaxDelay"/>.
/// What a batch computes is <see cref="BatchStep"/>; this class queues, gathers, checks, traces and counts.
/// </summary>
public sealed partial class BatchingEngine : IDisposable
{
    /// <summary>Name of the meter with the engine's batch size, duration, request and queue depth instruments.</summary>
    public const string MeterName = "ActorRec.Inference";

    private readonly IModelSource _models;
    private readonly InferenceOptions _options;
    private readonly ILogger<BatchingEngine> _logger;
    private readonly Channel<PendingInference> _queue;
    private readonly InferenceMetrics _metrics;
    private readonly Thread _worker;
    private readonly long _maxDelayTicks;
    private readonly List<PendingInference> _runnable = [];
    private readonly ChannelWaiter<PendingInference> _waitForRequest;
    private long _totalBatches;
    private long _totalRequests;
    private long _rejectedRequests;
    private long _idleDispatches;
    private int _disposed;
    private volatile bool _stopping;

    public BatchingEngine(ModelHost host, IOptions<InferenceOptions> options, ILogger<BatchingEngine> logger, IMeterFactory? meterFactory = null)
        : this((IModelSource)host, options.Value, logger, meterFactory)
    {
    }

    internal BatchingEngine(IModelSource models, InferenceOptions options, ILogger<BatchingEngine> logger, IMeterFactory? meterFactory)
    {
        Validator.ValidateObject(options, new ValidationContext(options), validateAllProperties: true);
        _models = models;
        _options = options;
        _logger = logger;
        _maxDelayTicks = (long)(options.MaxDelay.TotalSeconds * Stopwatch.Frequency);

        // Wait mode, written only with TryWrite: TryWrite answers false at once when the queue is full, which is the
        // fast failure callers need, whereas the Drop modes would accept the write and silently lose a request.
        _queue = Channel.CreateBounded<PendingInference>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = false,

            // The only continuation is the idle worker's wake-up; running it on the writer saves a pool hop.
            AllowSynchronousContinuations = true,
        });
        _waitForRequest = new ChannelWaiter<PendingInference>(_queue.Reader);
        _metrics = new InferenceMetrics(meterFactory, () => QueueDepth);
        _worker = new Thread(Run) { IsBackground = true, Name = "actorrec-inference" };
        _worker.Start();
        LogStarted(_logger, options.MaxBatchSize, options.MaxDelay.TotalMilliseconds, options.QueueCapacity, options.Threads);
    }

    /// <summary>Model steps run so far.</summary>
    public long TotalBatches => Interlocked.Read(ref _totalBatches);

    /// <summary>Requests answered by those steps.</summary>
    public long TotalRequests => Interlocked.Read(ref _totalRequests);

    /// <summary>Requests refused because the queue was full.</summary>
    public long RejectedRequests => Interlocked.Read(ref _rejectedRequests);

    /// <summary>Batches run as soon as their first request arrived, because the worker was idle (no batching window).</summary>
    public long IdleDispatches => Interlocked.Read(ref _idleDispatches);

    /// <summary>Requests per model step so far; 0 before the first.</summary>
    public double MeanBatchSize
    {
        get
        {
            var batches = TotalBatches;
            return batches == 0 ? 0 : (double)TotalRequests / batches;
        }
    }

    /// <summary>Requests waiting for the worker.</summary>
    public int QueueDepth => _queue.Reader.Count;

    /// <summary>
    /// Queues one session step and returns the task of its result. Throws <see cref="InferenceQueueFullException"/>
    /// at once, without waiting, when the queue is at capacity. The task fails with
    /// <see cref="ModelVersionMismatchException"/> when the request belongs to another model version than the one
    /// that runs its batch, and with <see cref="ArgumentException"/> when it does not fit that model.
    /// </summary>
    public Task<InferenceResult> SubmitAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Exclude);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.K, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(request.ItemIndex, InferenceRequest.NoItem);
        if (request.Hidden is { Length: > 0 } && string.IsNullOrEmpty(request.ModelVersion))
        {
            throw new ArgumentException("A hidden state must name the model version that produced it.", nameof(request));
        }

        ObjectDisposedException.ThrowIf(_stopping, this);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<InferenceResult>(cancellationToken);
        }

        var pending = new PendingInference(request);
        pending.WatchCancellation(cancellationToken);
        if (_queue.Writer.TryWrite(pending))
        {
            return pending.Task;
        }

        pending.Abandon();

        // The writer is completed only by Dispose; otherwise a failed write means the queue is full.
        ObjectDisposedException.ThrowIf(_stopping, this);
        Interlocked.Increment(ref _rejectedRequests);
        _metrics.RequestsEnded("rejected");
        throw new InferenceQueueFullException(_options.QueueCapacity);
    }

    /// <summary>Stops the worker after its current batch; requests still queued fail with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        _queue.Writer.TryComplete();
        if (Thread.CurrentThread != _worker)
        {
            _worker.Join();
        }

        while (_queue.Reader.TryRead(out var pending))
        {
            pending.Fail(new ObjectDisposedException(nameof(BatchingEngine), "The inference engine stopped before this request ran."));
        }

        _metrics.Dispose();
        LogStopped(_logger, TotalBatches, TotalRequests, MeanBatchSize);
    }

    private static void FailAll(List<PendingInference> batch, Exception exception)
    {
        foreach (var pending in batch)
        {
            pending.Fail(exception);
        }
    }

    private void Run()
    {
        // libtorch keeps this setting per thread under OpenMP, so it has to be made on the thread that runs the model.
        // Reading it back fixes it now: until its first use a thread takes whatever count another thread (a trainer,
        // say) set last.
        set_num_threads(_options.Threads);
        _ = get_num_threads();
        var batch = new List<PendingInference>(_options.MaxBatchSize);
        while (Collect(batch))
        {
            Process(batch);
            batch.Clear();
        }
    }

    /// <summary>Waits for a request, then gathers more until the batch is full or the oldest has waited MaxDelay; false when stopping.</summary>
    private bool Collect(List<PendingInference> batch)
    {
        var reader = _queue.Reader;
        PendingInference? first;
        var idle = false;
        while (true)
        {
            if (_stopping)
            {
                return false;
            }

            if (reader.TryRead(out first))
            {
                break;
            }

            idle = true;
            WaitForRequest(Timeout.InfiniteTimeSpan);
        }

        batch.Add(first);
        if (idle)
        {
            // Nothing was running: holding a lone click for others to join would only add the window to its latency.
            // What queues while this batch runs forms the next one.
            while (batch.Count < _options.MaxBatchSize && reader.TryRead(out var beside))
            {
                batch.Add(beside);
            }

            Interlocked.Increment(ref _idleDispatches);
            return true;
        }

        var deadline = first.EnqueuedAt + _maxDelayTicks;
        while (batch.Count < _options.MaxBatchSize)
        {
            if (reader.TryRead(out var next))
            {
                batch.Add(next);
                continue;
            }

            var remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0 || _stopping)
            {
                break;
            }

            // Rounded up: a wait shorter than the timer's millisecond would return at once and spin.
            if (!WaitForRequest(TimeSpan.FromMilliseconds(Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency))))
            {
                break;
            }
        }

        return true;
    }

    /// <summary>Blocks the worker until the queue has a request or is completed; false when the timeout passed first.</summary>
    private bool WaitForRequest(TimeSpan timeout) => _waitForRequest.Wait(timeout, out _);

    private void Process(List<PendingInference> batch)
    {
        using var activity = StartBatchActivity(batch);
        ModelLease lease;
        try
        {
            lease = _models.Acquire();
        }
        catch (Exception e)
        {
            ActorRecTracing.RecordFailure(activity, e);
            FailAll(batch, e);
            _metrics.RequestsEnded("error", batch.Count);
            return;
        }

        using (lease)
        {
            _runnable.Clear();
            foreach (var pending in batch)
            {
                if (!pending.IsPending)
                {
                    _metrics.RequestsEnded("cancelled");
                }
                else if (BatchStep.Check(pending.Request, lease.Loaded) is { } problem)
                {
                    pending.Fail(problem);
                    _metrics.RequestsEnded(problem is ModelVersionMismatchException ? "version_mismatch" : "invalid");
                }
                else
                {
                    _runnable.Add(pending);
                }
            }

            activity?.SetTag(ActorRecTracing.ModelVersionTag, lease.VersionId).SetTag(ActorRecTracing.BatchRowsTag, _runnable.Count);
            if (_runnable.Count == 0)
            {
                return;
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                var results = BatchStep.Run(lease, _runnable.ConvertAll(pending => pending.Request), activity);
                Interlocked.Increment(ref _totalBatches);
                Interlocked.Add(ref _totalRequests, results.Length);
                _metrics.BatchCompleted(results.Length, Stopwatch.GetElapsedTime(started));
                for (var row = 0; row < results.Length; row++)
                {
                    _runnable[row].Succeed(results[row]);
                }
            }
            catch (Exception e)
            {
                ActorRecTracing.RecordFailure(activity, e);
                LogBatchFailed(_logger, _runnable.Count, lease.VersionId, e);
                FailAll(_runnable, e);
                _metrics.RequestsEnded("error", _runnable.Count);
            }
        }
    }

    /// <summary>
    /// The batch's span when tracing: a root (the batch serves many sessions, so it belongs to no single click's trace),
    /// linked to the context of each click it serves; null, at the cost of one check, when nobody listens.
    /// </summary>
    private static Activity? StartBatchActivity(List<PendingInference> batch)
    {
        if (!ActorRecTracing.Source.HasListeners())
        {
            return null;
        }

        var links = new List<ActivityLink>(batch.Count);
        foreach (var pending in batch)
        {
            if (pending.Caller != default)
            {
                links.Add(new ActivityLink(pending.Caller));
            }
        }

        // Activity.Current is null on this thread, so the default parent makes the span a root.
        var activity = ActorRecTracing.Source.StartActivity(ActorRecTracing.InferenceBatchSpan, ActivityKind.Internal, parentContext: default, links: links);
        activity?.SetTag(ActorRecTracing.BatchSizeTag, batch.Count);
        return activity;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Inference worker started: batches of up to {MaxBatchSize} requests, waiting at most {MaxDelayMilliseconds} ms, queue of {QueueCapacity}, {Threads} libtorch thread(s)")]
    private static partial void LogStarted(ILogger logger, int maxBatchSize, double maxDelayMilliseconds, int queueCapacity, int threads);

    [LoggerMessage(EventId = 2, Level = LogLevel.Error, Message = "An inference batch of {BatchSize} requests on model version {VersionId} failed")]
    private static partial void LogBatchFailed(ILogger logger, int batchSize, string versionId, Exception exception);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Inference worker stopped after {Batches} batches and {Requests} requests (mean batch size {MeanBatchSize:F2})")]
    private static partial void LogStopped(ILogger logger, long batches, long requests, double meanBatchSize);
}
