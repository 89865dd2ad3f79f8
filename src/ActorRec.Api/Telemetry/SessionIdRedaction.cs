using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using OpenTelemetry;

namespace ActorRec.Api.Telemetry;

/// <summary>
/// Replaces the session keys that Orleans writes into its spans (a grain id "session/tenant␟visitor-id" as the call's
/// target, source or storage id) by a hash, before any exporter sees them: a trace store should not hold visitors'
/// session ids. The hash is the one the session grain's own span carries as actorrec.session.key_hash, so a session's
/// spans can still be found together.
/// </summary>
internal sealed class SessionIdRedaction : BaseProcessor<Activity>
{
    private const string SessionGrainPrefix = "session/";

    private static readonly string[] GrainIdTags = ["orleans.rpc.target_id", "orleans.rpc.source_id", "orleans.grain.id"];

    public override void OnEnd(Activity data)
    {
        foreach (var tag in GrainIdTags)
        {
            if (data.GetTagItem(tag) is string id && id.StartsWith(SessionGrainPrefix, StringComparison.Ordinal))
            {
                data.SetTag(tag, SessionGrainPrefix + Hash(id[SessionGrainPrefix.Length..]));
            }
        }
    }

    /// <summary>Must stay equal to ActorRecTracing.HashKey in ActorRec.Grains (checked by the tracing tests).</summary>
    private static string Hash(string sessionKey) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sessionKey)), 0, 8);
}
