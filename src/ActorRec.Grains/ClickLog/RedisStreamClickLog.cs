using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ActorRec.Grains.ClickLog;

/// <summary>
/// The click log of a Redis-backed cluster: one Redis stream that every silo appends to (XADD, trimmed with
/// MAXLEN ~), read in stream id order. Positions are stream entry ids.
/// </summary>
/// <remarks>
/// An append completes once Redis has applied the XADD. What survives a Redis crash is Redis's persistence setting
/// (with appendonly yes and appendfsync everysec, up to a second of clicks; with no persistence, everything); a silo
/// crash loses nothing that was answered. It takes its connection options ready made, so that the host builds every
/// Redis connection's options (credentials, TLS) in one place.
/// </remarks>
public sealed class RedisStreamClickLog : IClickLog, IAsyncDisposable, IDisposable
{
    private static readonly RedisValue SessionIdField = "session_id";
    private static readonly RedisValue SeqField = "seq";
    private static readonly RedisValue ItemIdField = "item_id";
    private static readonly RedisValue EventTypeField = "event_type";
    private static readonly RedisValue TimestampField = "timestamp_ms";

    /// <summary>How long a readiness probe waits for Redis to answer PING.</summary>
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    private readonly Task<ConnectionMultiplexer> _connection;
    private readonly string _endpoints;
    private readonly RedisKey _key;
    private readonly long _maxLength;
    private readonly ClickLogMetrics _metrics;

    /// <param name="redis">This log's own connection options, as the host builds them for every connection, which it changes.</param>
    /// <param name="options">The stream's key and length.</param>
    /// <param name="meterFactory">Where the append counters go.</param>
    public RedisStreamClickLog(ConfigurationOptions redis, IOptions<ClickLogOptions> options, IMeterFactory? meterFactory = null)
    {
        ArgumentNullException.ThrowIfNull(redis);

        // Keep connecting in the background rather than fail for good when Redis is briefly away at start.
        redis.AbortOnConnectFail = false;

        // The endpoints only, for messages: the configuration string holds the password.
        _endpoints = string.Join(", ", redis.EndPoints);
        _connection = ConnectionMultiplexer.ConnectAsync(redis);
        _key = options.Value.StreamKey;
        _maxLength = options.Value.MaxLength;
        _metrics = new ClickLogMetrics(meterFactory);
    }

    /// <summary>The stream's key.</summary>
    public string StreamKey => _key.ToString();

    public async ValueTask AppendAsync(LoggedClick click, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(click);
        cancellationToken.ThrowIfCancellationRequested();
        var database = (await _connection.WaitAsync(cancellationToken)).GetDatabase();
        NameValueEntry[] fields =
        [
            new(SessionIdField, click.SessionId),
            new(SeqField, click.Seq),
            new(ItemIdField, click.ItemId),
            new(EventTypeField, click.EventType),
            new(TimestampField, click.TimestampUnixMs),
        ];
        try
        {
            await database.StreamAddAsync(_key, fields, maxLength: _maxLength, useApproximateMaxLength: true);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _metrics.Failed(1);
            throw;
        }

        _metrics.Appended(1);
    }

    public async Task<string?> ProbeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await _connection.WaitAsync(ProbeTimeout, cancellationToken);
            await connection.GetDatabase().PingAsync().WaitAsync(ProbeTimeout, cancellationToken);
            return null;
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return $"Redis ({_endpoints}) does not answer: {e.Message}";
        }
    }

    /// <remarks>A position trimmed away since it was returned continues from the oldest entry the stream still holds.</remarks>
    public async Task<ClickLogPage> ReadAsync(string? position, int maxCount, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var start = string.IsNullOrEmpty(position) ? "-" : After(position);
        var database = (await _connection.WaitAsync(cancellationToken)).GetDatabase();
        var entries = await database.StreamRangeAsync(_key, start, "+", maxCount).WaitAsync(cancellationToken);
        if (entries.Length == 0)
        {
            return new ClickLogPage([], position ?? "");
        }

        var clicks = new LoggedClick[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            clicks[i] = ToClick(entries[i]);
        }

        return new ClickLogPage(clicks, entries[^1].Id.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        if (_connection.IsCompletedSuccessfully)
        {
            await _connection.Result.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _metrics.Dispose();
        if (_connection.IsCompletedSuccessfully)
        {
            _connection.Result.Dispose();
        }
    }

    /// <summary>
    /// The smallest stream id after <paramref name="id"/> ("ms-seq"), which XRANGE takes as an inclusive start on every
    /// Redis version (the exclusive "(" form needs 6.2).
    /// </summary>
    private static string After(string id)
    {
        var dash = id.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !ulong.TryParse(id.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds)
            || !ulong.TryParse(id.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var sequence))
        {
            throw new ArgumentException($"'{id}' is not a position of the Redis click log (use the Next of a page it returned).", nameof(id));
        }

        return sequence == ulong.MaxValue
            ? string.Create(CultureInfo.InvariantCulture, $"{milliseconds + 1}-0")
            : string.Create(CultureInfo.InvariantCulture, $"{milliseconds}-{sequence + 1}");
    }

    private static LoggedClick ToClick(StreamEntry entry)
    {
        var sessionId = entry[SessionIdField];
        var seq = entry[SeqField];
        var itemId = entry[ItemIdField];
        var eventType = entry[EventTypeField];
        var timestamp = entry[TimestampField];
        if (sessionId.IsNull || itemId.IsNull || eventType.IsNull || !seq.TryParse(out long seqValue) || !timestamp.TryParse(out long timestampValue))
        {
            throw new InvalidDataException($"Stream entry {entry.Id} is not a logged click: it lacks a field or holds a non-numeric seq or timestamp.");
        }

        return new LoggedClick(sessionId.ToString(), seqValue, itemId.ToString(), eventType.ToString(), timestampValue);
    }
}
