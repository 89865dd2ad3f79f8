using ActorRec.Api;
using Grpc.Core;
using Orleans.Persistence.Redis;
using Xunit;

namespace ActorRec.Server.Tests.Serving;

/// <summary>Transient storage failures get a retryable status, so that the client resends the click instead of dropping it.</summary>
public sealed class ErrorMappingTests
{
    [Fact]
    public void A_session_that_cannot_read_its_state_from_Redis_is_unavailable_not_internal()
    {
        // As Orleans reports a grain activation whose storage read failed while Redis restarted.
        var failure = new OrleansException(
            "Error from storage provider RedisGrainStorage.session during ReadStateAsync for grain session/s-1",
            new RedisStorageException("Failed to read grain state for session with ID session/s-1. StackExchange.Redis.RedisConnectionException: InternalFailure"));

        Assert.True(ErrorMapping.TryMap(failure, out var status));
        Assert.Equal(StatusCode.Unavailable, status.StatusCode);
    }
}
