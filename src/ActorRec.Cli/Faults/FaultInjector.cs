using System.Globalization;
using ActorRec.Contracts.V1;
using Grpc.Core;

namespace ActorRec.Cli.Faults;

/// <summary>Carries out the fault schedule against the cluster, each step at its time, and records each in the recorder as it is injected.</summary>
internal sealed class FaultInjector(FaultCluster cluster, ClickRecorder recorder, FaultOptions options, string activateVersion, Action<string> say)
{
    /// <summary>How long an activation is retried while the cluster is disturbed.</summary>
    private static readonly TimeSpan ActivationDeadline = TimeSpan.FromSeconds(60);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var steps = FaultStep.Schedule(options).Select(step => RunStepAsync(step, cancellationToken)).ToArray();
        await Task.WhenAll(steps);
    }

    private async Task RunStepAsync(FaultStep step, CancellationToken cancellationToken)
    {
        var wait = step.At - recorder.Now;
        if (wait > 0)
        {
            await Task.Delay(TimeSpan.FromSeconds(wait), cancellationToken);
        }

        switch (step.Kind)
        {
            case FaultKind.SiloKill:
                var silo = cluster.Silos[step.Silo];
                var kill = recorder.FaultInjected("silo kill", silo.Name);
                Say(kill);
                await cluster.KillAndRestartSiloAsync(step.Silo);

                // Readiness needs Redis too: a silo restarted during a Redis fault is back only when both are.
                try
                {
                    await silo.WaitUntilReadyAsync(TimeSpan.FromSeconds(options.StartTimeoutSeconds), cancellationToken);
                    Back(kill);
                }
                catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                {
                    kill.Problem = $"{silo.Name} did not come back: {e.Message.Split('\n')[0]}";
                    say(kill.Problem);
                }

                break;
            case FaultKind.RedisKill:
                var redisKill = recorder.FaultInjected("redis kill", "redis");
                Say(redisKill);
                await cluster.KillAndRestartRedisAsync(cancellationToken);
                Back(redisKill);
                break;
            case FaultKind.RedisStall:
                var stall = recorder.FaultInjected("redis stall", string.Create(CultureInfo.InvariantCulture, $"redis ({options.RedisStallSeconds:0.#} s)"));
                Say(stall);
                await cluster.Redis.StallAsync(TimeSpan.FromSeconds(options.RedisStallSeconds), cancellationToken);
                Back(stall);
                break;
            case FaultKind.Activation:
                var activation = recorder.FaultInjected("activation", activateVersion);
                Say(activation);
                try
                {
                    await ActivateAsync(cancellationToken);
                    Back(activation);
                }
                catch (Exception e) when (e is OperationCanceledException or RpcException { StatusCode: StatusCode.Cancelled } && !cancellationToken.IsCancellationRequested)
                {
                    activation.Problem = $"no endpoint took the activation within {ActivationDeadline.TotalSeconds:0} s";
                    say(activation.Problem);
                }

                break;
        }
    }

    /// <summary>Activates the version through the first endpoint that takes the call, trying again while the cluster is disturbed.</summary>
    private async Task ActivateAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ActivationDeadline);
        for (var attempt = 0; ; attempt++)
        {
            var channel = cluster.Channels[attempt % cluster.Channels.Count];
            try
            {
                await new ModelAdmin.ModelAdminClient(channel).ActivateModelAsync(
                    new ActivateModelRequest { VersionId = activateVersion }, deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: deadline.Token);
                return;
            }
            catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Aborted or StatusCode.Internal)
            {
                // That endpoint is down or the cluster is disturbed: the next one, after a pause.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), deadline.Token);
        }
    }

    private void Back(FaultRecord fault) => fault.BackSeconds = recorder.Now - fault.InjectedAt;

    private void Say(FaultRecord fault) =>
        say(string.Create(CultureInfo.InvariantCulture, $"{fault.InjectedAt,6:0.0} s  {fault.Kind}: {fault.Target}"));
}
