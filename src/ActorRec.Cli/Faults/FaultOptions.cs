using System.Globalization;

namespace ActorRec.Cli.Faults;

/// <summary>The settings of one `actorrec faults` run; the defaults are the command's (the 60-second run of docs/faults.md).</summary>
internal sealed record FaultOptions
{
    /// <summary>The built server, ActorRec.Server.dll; null means the Release build under artifacts/.</summary>
    public string? ServerPath { get; init; }

    /// <summary>When set, one gateway (ActorRec.Gateway.dll) is started and all traffic goes through it.</summary>
    public string? GatewayPath { get; init; }

    /// <summary>A model store with at least two versions; null means two quick models are trained on <see cref="Data"/>.</summary>
    public string? ModelsPath { get; init; }

    /// <summary>The data set whose test sessions are replayed (and whose training sessions train the models); null means yoochoose-100k.</summary>
    public string? Data { get; init; }

    /// <summary>Silos of the cluster.</summary>
    public int Silos { get; init; } = 3;

    /// <summary>Clicks per second sent, whatever the answers.</summary>
    public double Rate { get; init; } = 200;

    /// <summary>Seconds of traffic; the faults happen within it.</summary>
    public double DurationSeconds { get; init; } = 60;

    /// <summary>Sessions replayed at once; each keeps at most <see cref="Window"/> clicks unanswered.</summary>
    public int Sessions { get; init; } = 64;

    /// <summary>Clicks of one session sent ahead of their answers.</summary>
    public int Window { get; init; } = 4;

    /// <summary>Recommendations per answer, also the size of the compared top-k lists.</summary>
    public int K { get; init; } = 20;

    /// <summary>The client's click timeout: a click unanswered this long, retries included, fails its session, which is then resumed.</summary>
    public double ClickTimeoutSeconds { get; init; } = 5;

    /// <summary>A silo is killed (SIGKILL, round robin) and restarted every this many seconds; 0 for never.</summary>
    public double SiloKillEverySeconds { get; init; } = 10;

    /// <summary>Second of the run at which another model version is activated; negative for never.</summary>
    public double ActivateAtSeconds { get; init; } = 15;

    /// <summary>Second of the run at which Redis is killed (SIGKILL) and restarted on its folder; negative for never.</summary>
    public double RedisKillAtSeconds { get; init; } = 25;

    /// <summary>Second of the run at which Redis is stalled (DEBUG SLEEP); negative for never.</summary>
    public double RedisStallAtSeconds { get; init; } = 45;

    /// <summary>How long Redis sleeps: by default longer than the click timeout, so that some sessions give up and are resumed.</summary>
    public double RedisStallSeconds { get; init; } = 7;

    /// <summary>Seconds after the traffic ends allowed for the unanswered clicks to be answered.</summary>
    public double DrainSeconds { get; init; } = 90;

    /// <summary>Relative score tolerance of the top-k comparison with the fault-free replay (absolute below 1).</summary>
    public float ScoreTolerance { get; init; } = 1e-4f;

    /// <summary>Epochs of each of the two models trained when no store is given.</summary>
    public int TrainEpochs { get; init; } = 1;

    /// <summary>Where the JSON report goes; null for none.</summary>
    public string? ReportPath { get; init; }

    /// <summary>Folder for Redis, the model store, logs and the silos' working folders; null for a new temporary one, deleted at the end.</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>Seconds allowed for a process to become ready (a silo to load its model, Redis to answer).</summary>
    public double StartTimeoutSeconds { get; init; } = 120;

    /// <summary>Fails with a message naming the offending command-line option.</summary>
    public void Validate()
    {
        Require(Silos >= 1, "--silos", "must be at least 1", Silos);
        Require(Rate > 0, "--rate", "must be positive", Rate);
        Require(DurationSeconds > 0, "--duration", "must be positive", DurationSeconds);
        Require(Sessions >= 1, "--sessions", "must be at least 1", Sessions);
        Require(Window is >= 1 and <= 1024, "--window", "must be 1..1024", Window);
        Require(K is >= 1 and <= 1000, "--k", "must be 1..1000 (the most Serving:MaxK allows)", K);
        Require(ClickTimeoutSeconds > 0, "--click-timeout", "must be positive", ClickTimeoutSeconds);
        Require(SiloKillEverySeconds >= 0, "--silo-kill-every", "must be 0 (never) or positive", SiloKillEverySeconds);
        Require(RedisStallSeconds is > 0 and <= 3600, "--redis-stall", "must be 0..3600 seconds", RedisStallSeconds);
        Require(DrainSeconds > 0, "--drain", "must be positive", DrainSeconds);
        Require(ScoreTolerance is >= 0 and < 1, "--tolerance", "must be 0 or more and below 1", ScoreTolerance);
        Require(TrainEpochs >= 1, "--train-epochs", "must be at least 1", TrainEpochs);
        Require(StartTimeoutSeconds > 0, "--start-timeout", "must be positive", StartTimeoutSeconds);
        Require(ActivateAtSeconds < DurationSeconds, "--activate-at", "must fall within --duration (negative: never)", ActivateAtSeconds);
        Require(RedisKillAtSeconds < DurationSeconds, "--redis-kill-at", "must fall within --duration (negative: never)", RedisKillAtSeconds);
        Require(RedisStallAtSeconds < DurationSeconds, "--redis-stall-at", "must fall within --duration (negative: never)", RedisStallAtSeconds);
        RequireFile(ServerPath, "--server");
        RequireFile(GatewayPath, "--gateway");
        if (WorkDirectory is not null && Directory.Exists(WorkDirectory) && Directory.EnumerateFileSystemEntries(WorkDirectory).Any())
        {
            throw new ArgumentException($"--work: '{WorkDirectory}' is not empty; a run starts Redis on a fresh folder.");
        }

        if (ModelsPath is not null && !Directory.Exists(ModelsPath))
        {
            throw new ArgumentException($"--models: '{ModelsPath}' is not a folder.");
        }
    }

    private static void Require(bool condition, string option, string rule, object value)
    {
        if (!condition)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{option} {rule} (got {value})."));
        }
    }

    private static void RequireFile(string? path, string option)
    {
        if (path is not null && !File.Exists(path))
        {
            throw new ArgumentException($"{option}: '{path}' does not exist.");
        }
    }
}
