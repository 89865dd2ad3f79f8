using ActorRec.Api.Security;
using Microsoft.Extensions.Configuration;

namespace ActorRec.Api.Page;

/// <summary>Whether this process serves the live page, and why, as the start-up log says it.</summary>
/// <param name="Enabled">Whether <c>/</c> and the page's files are mapped.</param>
/// <param name="Reason">The setting or fact that decided it, with what to change.</param>
internal sealed record PageDecision(bool Enabled, string Reason)
{
    public static PageDecision Make(PageOptions page, ServingOptions serving, IConfiguration configuration)
    {
        if (!serving.PublicApi)
        {
            return new(false, "Serving:PublicApi=false: this process serves no public API; open the page on the gateway tier");
        }

        if (page.Enabled is { } enabled)
        {
            return new(enabled, $"{PageOptions.SectionName}:{nameof(PageOptions.Enabled)}={(enabled ? "true" : "false")}");
        }

        return ListenGuard.NonLocalConfigured(configuration).FirstOrDefault() is { } open
            ? new(false, $"the server listens on {open}, beyond loopback: set {PageOptions.SectionName}:{nameof(PageOptions.Enabled)}=true to serve it there too (callers need credentials with the scopes of what they use)")
            : new(true, "the server listens on loopback only");
    }
}
