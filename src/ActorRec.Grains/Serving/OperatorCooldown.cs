using System.Globalization;
using ActorRec.Abstractions;

namespace ActorRec.Grains.Serving;

/// <summary>The rule shared by the operator's cooldowns: one accepted call per period, counted from the last accepted one.</summary>
internal static class OperatorCooldown
{
    /// <summary>Throws <see cref="QuotaExceededException"/> saying how long to wait when <paramref name="last"/> is within <paramref name="cooldown"/> of <paramref name="now"/>.</summary>
    public static void ThrowIfCooling(string call, string setting, TimeSpan cooldown, DateTimeOffset? last, DateTimeOffset now)
    {
        if (cooldown <= TimeSpan.Zero || last is not { } previous)
        {
            return;
        }

        var wait = previous + cooldown - now;
        if (wait > TimeSpan.Zero)
        {
            // Whole seconds, rounded up: "retry in 0 s" would invite an immediate retry that fails again.
            var seconds = Math.Ceiling(wait.TotalSeconds);
            throw new QuotaExceededException(string.Create(
                CultureInfo.InvariantCulture,
                $"{call} is limited to one call every {cooldown.TotalSeconds:0.###} s ({AdminOptions.SectionName}:{setting}); retry in {seconds:0} s"));
        }
    }
}
