using System.Net.Http.Headers;

namespace ActorRec.Server.Tests.Security;

/// <summary>Sends <c>authorization: Bearer &lt;token&gt;</c> on every request, as a client configured with a key or token does.</summary>
internal sealed class BearerHandler(string token, HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return base.SendAsync(request, cancellationToken);
    }
}
