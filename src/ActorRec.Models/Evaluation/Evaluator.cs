using System.Diagnostics;
using ActorRec.Models.Data;
using TorchSharp;

namespace ActorRec.Models.Evaluation;

/// <summary>
/// Next-item evaluation against the whole catalog in the session-parallel protocol of the official GRU4Rec code, where a
/// target ranks 1 + the number of items scoring strictly higher under <see cref="RankingRule.Standard"/> and the number
/// of items scoring at least as high, itself included, under <see cref="RankingRule.Conservative"/> (ties count against it).
/// </summary>
/// <remarks>
/// Each of the slots walks one test session at a time, sessions taken in dataset order. At every step a slot feeds its
/// current item (with reset set on the first event of a session, so the scorer zeroes that slot's state) and the
/// session's next item is the target: every event after the first of its session is scored exactly once. Sessions with a
/// single event have no target and are skipped. Slots left without a session feed item 0 and their rows are ignored.
/// Metrics are computed from a rank histogram, so they are identical for every batch size.
/// </remarks>
public sealed class Evaluator(EvaluationOptions options)
{
    public Evaluator()
        : this(new EvaluationOptions())
    {
    }

    public EvaluationOptions Options => options;

    /// <summary>Scores every target of <paramref name="test"/> with <paramref name="scorer"/>; synchronous and CPU/GPU bound.</summary>
    public EvaluationReport Evaluate(INextItemScorer scorer, SessionDataset test, CancellationToken cancellationToken = default) =>
        Evaluate(scorer, test, beyondAccuracy: null, cancellationToken);

    /// <summary>
    /// Scores every target and, with <paramref name="beyondAccuracy"/>, also measures the top-k lists at every cutoff
    /// (<see cref="EvaluationReport.BeyondAccuracy"/>); the lists themselves are kept only with <see cref="EvaluationOptions.RecordTopK"/>.
    /// </summary>
    public EvaluationReport Evaluate(
        INextItemScorer scorer, SessionDataset test, BeyondAccuracyInputs? beyondAccuracy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        if (beyondAccuracy is not null && beyondAccuracy.Training.ItemCount != scorer.ItemCount)
        {
            throw new ArgumentException(
                $"Beyond-accuracy metrics need the scorer's catalog ({scorer.ItemCount} items) to be the training set's ({beyondAccuracy.Training.ItemCount}).",
                nameof(beyondAccuracy));
        }

        // The lists are recorded whenever they are measured; the report keeps them only when they were asked for.
        var result = EvaluateCore(scorer, test, recordTopK: options.RecordTopK || beyondAccuracy is not null, cancellationToken);
        if (beyondAccuracy is null)
        {
            return result;
        }

        var measured = result.Metrics.Select(m => beyondAccuracy.Embeddings is null
            ? BeyondAccuracyMetrics.Compute(result.TopK!, beyondAccuracy.Training, test, m.K, itemEmbeddings: null, beyondAccuracy.Categories)
            : BeyondAccuracyMetrics.Compute(result.TopK!, beyondAccuracy.Training, test, m.K, beyondAccuracy.Embeddings, beyondAccuracy.Dimension, beyondAccuracy.Categories));
        return result.WithBeyondAccuracy([.. measured], keepTopK: options.RecordTopK);
    }

    private EvaluationReport EvaluateCore(INextItemScorer scorer, SessionDataset test, bool recordTopK, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(test);
        var cutoffs = ValidatedCutoffs();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(scorer.ItemCount, 1, nameof(scorer.ItemCount));
        ThrowIfOutsideCatalog(test, scorer.ItemCount);

        var stopwatch = Stopwatch.StartNew();
        using var run = new Run(options, cutoffs, scorer.ItemCount, test, recordTopK);
        run.Execute(scorer, cancellationToken);
        stopwatch.Stop();

        return new EvaluationReport
        {
            Model = scorer.Name,
            RankingRule = options.RankingRule switch
            {
                RankingRule.Standard => "standard",
                RankingRule.Conservative => "conservative",
                _ => throw new ArgumentOutOfRangeException(nameof(options.RankingRule), options.RankingRule, "Unknown ranking rule."),
            },
            Targets = run.Total.Targets,
            Metrics = run.Total.Metrics(cutoffs, run.Coverage()),
            ByEventType = run.ByEventType(test.EventTypeNames),
            Seconds = stopwatch.Elapsed.TotalSeconds,
            Ranks = run.Ranks,
            TopK = run.TopK is null ? null : new TopKLists(run.Width, run.TopK),
        };
    }

    private int[] ValidatedCutoffs()
    {
        var cutoffs = options.Cutoffs.Distinct().Order().ToArray();
        if (cutoffs.Length == 0 || cutoffs[0] < 1)
        {
            throw new ArgumentException("Cutoffs must be a non-empty set of positive integers.", nameof(options));
        }

        return cutoffs;
    }

    // A target outside the scorer's catalog would make gather read past the row; fail before any work is done.
    private static void ThrowIfOutsideCatalog(SessionDataset test, int itemCount)
    {
        foreach (var item in test.Items)
        {
            if ((uint)item >= (uint)itemCount)
            {
                throw new ArgumentException($"Test item {item} is outside the scorer's catalog of {itemCount} items.", nameof(test));
            }
        }
    }

    /// <summary>The state of one evaluation: slot cursors, reused host buffers and the accumulators.</summary>
    private sealed class Run : IDisposable
    {
        // Held for the process: a Scalar converted from a number at the call could be finalized (freed) by a collection
        // on another thread while libtorch still reads it.
        private static readonly Scalar One = 1.ToScalar();
        private static readonly Scalar Unranked = (-1).ToScalar();

        private readonly EvaluationOptions _options;
        private readonly int[] _cutoffs;
        private readonly int _catalog;
        private readonly SessionDataset _test;
        private readonly RankHistogram?[] _byType = new RankHistogram?[byte.MaxValue + 1];

        // Best (smallest, 0-based) position at which each item appeared in any top list; coverage@k counts those below k.
        private readonly int[] _bestPosition;

        // Per slot: the global index of the event it feeds now (-1 when idle) and the end of its session.
        private readonly int[] _position;
        private readonly int[] _end;

        // Step inputs and outputs on the host, reused so the loop allocates no arrays per step.
        private readonly long[] _input;
        private readonly long[] _target;
        private readonly bool[] _reset;
        private readonly long[] _ranks;
        private readonly long[] _top;

        private int _nextSession;

        // Reused by every step of the run; see CountOutranking.
        private torch.Tensor? _compareBuffer;

        public Run(EvaluationOptions options, int[] cutoffs, int catalog, SessionDataset test, bool recordTopK)
        {
            _options = options;
            _cutoffs = cutoffs;
            _catalog = catalog;
            _test = test;
            Width = Math.Min(cutoffs[^1], catalog);
            _bestPosition = new int[catalog];
            Array.Fill(_bestPosition, int.MaxValue);
            Total = new RankHistogram(cutoffs[^1]);
            Ranks = options.RecordRanks ? new int[test.EventCount] : null;
            if (recordTopK)
            {
                TopK = new int[(long)test.EventCount * Width];
                Array.Fill(TopK, -1);
            }

            // More slots than sessions would only add idle rows to every step.
            Slots = (int)Math.Min(options.BatchSize, CountScoredSessions(test));
            _position = new int[Slots];
            _end = new int[Slots];
            _input = new long[Slots];
            _target = new long[Slots];
            _reset = new bool[Slots];
            _ranks = new long[Slots];
            _top = new long[Slots * Width];
        }

        public int Slots { get; }

        public int Width { get; }

        public RankHistogram Total { get; }

        public int[]? Ranks { get; }

        public int[]? TopK { get; }

        public void Execute(INextItemScorer scorer, CancellationToken cancellationToken)
        {
            if (Slots == 0)
            {
                return;
            }

            var active = 0;
            for (var slot = 0; slot < Slots; slot++)
            {
                active += Assign(slot) ? 1 : 0;
            }

            using var fused = FusedScoringSteps.TryCreate(scorer, _options, Slots);
            using var batch = fused is null ? scorer.StartBatch(Slots) : null;
            using var noGrad = torch.no_grad();
            while (active > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (fused is null)
                {
                    ScoreStep(batch!);
                }
                else
                {
                    fused.Step(_input, _reset, _target, Width, _options.RankingRule, _top, _ranks);
                }

                for (var slot = 0; slot < Slots; slot++)
                {
                    if (_position[slot] < 0)
                    {
                        continue;
                    }

                    Record(_position[slot] + 1, _ranks[slot], _top.AsSpan(slot * Width, Width));
                    _reset[slot] = false;
                    var current = ++_position[slot];
                    if (current + 1 < _end[slot])
                    {
                        _input[slot] = _test.Items[current];
                        _target[slot] = _test.Items[current + 1];
                    }
                    else if (!Assign(slot))
                    {
                        active--;
                    }
                }
            }
        }

        public void Dispose() => _compareBuffer?.Dispose();

        public double[] Coverage()
        {
            var coverage = new double[_cutoffs.Length];
            for (var i = 0; i < _cutoffs.Length; i++)
            {
                var k = _cutoffs[i];
                coverage[i] = _bestPosition.Count(position => position < k) / (double)_catalog;
            }

            return coverage;
        }

        public IReadOnlyList<EventTypeMetrics> ByEventType(IReadOnlyList<string> names)
        {
            if (names.Count <= 1)
            {
                return [];
            }

            var breakdown = new EventTypeMetrics[names.Count];
            for (var type = 0; type < names.Count; type++)
            {
                var histogram = _byType[type] ?? new RankHistogram(_cutoffs[^1]);
                breakdown[type] = new EventTypeMetrics(names[type], histogram.Targets, histogram.Metrics(_cutoffs, coverage: null));
            }

            return breakdown;
        }

        private static long CountScoredSessions(SessionDataset test)
        {
            long count = 0;
            for (var session = 0; session < test.SessionCount; session++)
            {
                count += test.SessionLength(session) >= 2 ? 1 : 0;
            }

            return count;
        }

        // Gives the slot the next session that has a target, or leaves it idle (feeding item 0) when none is left.
        private bool Assign(int slot)
        {
            while (_nextSession < _test.SessionCount && _test.SessionLength(_nextSession) < 2)
            {
                _nextSession++;
            }

            if (_nextSession == _test.SessionCount)
            {
                _position[slot] = -1;
                _input[slot] = 0;
                _target[slot] = 0;
                _reset[slot] = false;
                return false;
            }

            var start = _test.SessionOffsets[_nextSession];
            _end[slot] = _test.SessionOffsets[_nextSession + 1];
            _nextSession++;
            _position[slot] = start;
            _input[slot] = _test.Items[start];
            _target[slot] = _test.Items[start + 1];
            _reset[slot] = true;
            return true;
        }

        // Only ranks and top-k indices leave the device; the [slots, catalog] scores stay in the step's dispose scope.
        private void ScoreStep(IScoringBatch batch)
        {
            using var scope = torch.NewDisposeScope();
            var scores = batch.Step(torch.tensor(_input), torch.tensor(_reset));
            if (scores.dim() != 2 || scores.size(0) != Slots || scores.size(1) != _catalog)
            {
                throw new InvalidOperationException(
                    $"Scorer returned scores of shape [{string.Join(", ", scores.shape)}], expected [{Slots}, {_catalog}].");
            }

            var (_, top) = scores.topk(Width, dim: 1, largest: true, sorted: true);
            top.cpu().data<long>().CopyTo(_top);

            var targetScores = scores.gather(1, torch.tensor(_target, device: scores.device).unsqueeze(1));
            var ranks = CountOutranking(scores, targetScores).to_type(torch.int64);
            if (_options.RankingRule == RankingRule.Standard)
            {
                ranks.add_(One, One);
            }

            // A NaN target compares false with everything and would rank first; mark it so the run fails instead.
            ranks.masked_fill_(targetScores.isnan().squeeze(1), Unranked);
            ranks.cpu().data<long>().CopyTo(_ranks);
        }

        /// <summary>
        /// Per row, the number of items scoring above the target (at or above it under the conservative rule).
        /// </summary>
        /// <remarks>
        /// Compares through one buffer reused by every step: a fresh [slots, catalog] comparison result per step costs more
        /// in page faults than the comparison itself, and summing 0/1 floats is several times faster than summing bools
        /// (exact below 2^24 items). The buffer takes all rows at once unless the catalog is huge: each tensor operation is
        /// a parallel region that can stall for a scheduler tick on a loaded machine, so a few large operations per step
        /// beat many cache-sized ones.
        /// </remarks>
        private torch.Tensor CountOutranking(torch.Tensor scores, torch.Tensor targetScores)
        {
            var rows = scores.size(0);
            if (_compareBuffer is null)
            {
                var chunkRows = Math.Clamp(_options.CompareChunkElements / _catalog, 1, rows);
                _compareBuffer = torch.empty(chunkRows, _catalog, dtype: scores.dtype, device: scores.device).DetachFromDisposeScope();
            }

            var countType = scores.dtype == torch.float64 ? torch.float64 : torch.float32;
            var counts = torch.empty(rows, dtype: countType, device: scores.device);
            var bufferRows = _compareBuffer.size(0);
            for (long first = 0; first < rows; first += bufferRows)
            {
                var n = Math.Min(bufferRows, rows - first);
                var buffer = n == bufferRows ? _compareBuffer : _compareBuffer.narrow(0, 0, n);
                buffer.copy_(scores.narrow(0, first, n));
                var chunkTargets = targetScores.narrow(0, first, n);
                if (_options.RankingRule == RankingRule.Conservative)
                {
                    buffer.ge_(chunkTargets);
                }
                else
                {
                    buffer.gt_(chunkTargets);
                }

                counts.narrow(0, first, n).copy_(buffer.sum(1, type: countType));
            }

            return counts;
        }

        private void Record(int targetEvent, long rank, ReadOnlySpan<long> top)
        {
            if (rank < 1)
            {
                throw new InvalidOperationException($"Scorer returned a NaN score for the target of event {targetEvent}.");
            }

            var type = _test.EventTypes[targetEvent];
            var histogram = _byType[type] ??= new RankHistogram(_cutoffs[^1]);
            histogram.Add(rank);
            Total.Add(rank);
            if (Ranks is not null)
            {
                Ranks[targetEvent] = (int)rank;
            }

            for (var position = 0; position < top.Length; position++)
            {
                var item = (int)top[position];
                if (position < _bestPosition[item])
                {
                    _bestPosition[item] = position;
                }

                if (TopK is not null)
                {
                    TopK[((long)targetEvent * Width) + position] = item;
                }
            }
        }
    }
}
