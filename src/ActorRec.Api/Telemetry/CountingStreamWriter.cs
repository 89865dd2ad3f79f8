using Grpc.Core;

namespace ActorRec.Api.Telemetry;

/// <summary>A response stream that reports the status of each answer written through it.</summary>
internal sealed class CountingStreamWriter<T>(IServerStreamWriter<T> inner, Action<StatusCode> answered) : IServerStreamWriter<T>
{
    public WriteOptions? WriteOptions
    {
        get => inner.WriteOptions;
        set => inner.WriteOptions = value;
    }

    public async Task WriteAsync(T message)
    {
        await inner.WriteAsync(message);
        answered(ApiMetricsInterceptor.StatusOf(message));
    }

    public async Task WriteAsync(T message, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(message, cancellationToken);
        answered(ApiMetricsInterceptor.StatusOf(message));
    }
}
