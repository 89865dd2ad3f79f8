using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using ActorRec.Client;
using Grpc.Core;
using Grpc.Net.Client;
using Spectre.Console;

namespace ActorRec.Cli.Commands;

/// <summary>
/// How a command reaches a server: channels that carry the API key and trust the given certificate authority, and what
/// to tell the user when the server refuses the call. The key is never part of any output.
/// </summary>
internal sealed class ServerAccess(string? apiKey, X509Certificate2? certificateAuthority) : IDisposable
{
    /// <summary>The exit code of a command whose call the server refused (credentials, scope, certificate).</summary>
    public const int RefusedExitCode = 3;

    /// <summary>The exit code of a command whose call failed otherwise: no server there, not ready, or the request refused.</summary>
    public const int FailedExitCode = 1;

    private string _target = "the server";

    public bool HasCredential => apiKey is not null;

    /// <summary>A channel to <paramref name="url"/>; a key to a plain-http address other than loopback is refused.</summary>
    public GrpcChannel Channel(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var address))
        {
            throw new ArgumentException($"--url: '{url}' is not an http:// or https:// address (e.g. --url http://localhost:5000).");
        }

        _target = address.ToString().TrimEnd('/');
        return ActorRecClient.CreateChannel(address, new ActorRecClientOptions { Credential = apiKey, CertificateAuthority = certificateAuthority });
    }

    /// <summary>Runs a command's calls; a refusal becomes guidance and <see cref="RefusedExitCode"/> instead of a stack trace.</summary>
    /// <param name="scope">The scope the command's calls need, named in the guidance when the key lacks it.</param>
    /// <param name="calls">The command's work.</param>
    public async Task<int> RunAsync(string scope, Func<Task<int>> calls)
    {
        try
        {
            return await calls();
        }
        catch (RpcException e) when (Guidance(e.StatusCode, e.Status.Detail, scope, e.Status.DebugException) is { } guidance)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(guidance)}");
            return RefusedExitCode;
        }
        catch (RpcException e)
        {
            AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(Failure(e.StatusCode, e.Status.Detail, e.Status.DebugException))}");
            return FailedExitCode;
        }
    }

    /// <summary>
    /// What to do about a call that failed for a reason other than a refusal; <paramref name="failure"/>, the client-side
    /// cause, is set when no answer came from a server at all.
    /// </summary>
    public string Failure(StatusCode status, string detail, Exception? failure = null) => status switch
    {
        StatusCode.Unavailable when failure is not null =>
            $"no server answered at {_target}: start one (dotnet run -c Release --project src/ActorRec.Server) or give its address with --url ({detail})",
        StatusCode.Unavailable =>
            $"the server at {_target} is not ready: {detail}; try again in a moment, and see its log if it stays so",
        StatusCode.DeadlineExceeded =>
            $"{_target} did not answer in time ({detail}); try again, and see the server's log if it keeps happening",
        StatusCode.NotFound =>
            $"the server does not have it: {detail}; `actorrec models list` shows the versions it keeps",
        StatusCode.ResourceExhausted =>
            $"the server's limits for this caller were reached: {detail}; wait and retry, or raise the limits in its Security settings (docs/security.md)",
        StatusCode.InvalidArgument or StatusCode.FailedPrecondition =>
            $"the server refused the request: {detail}",
        _ => $"the call to {_target} failed ({status}): {detail}; the server's log says more",
    };

    /// <summary>What to do about a refused call, or null when the status is not a refusal.</summary>
    public string? Guidance(StatusCode status, string detail, string scope, Exception? failure = null) => status switch
    {
        StatusCode.Unauthenticated when apiKey is null =>
            $"the server needs credentials: set --api-key or {ServerAccessOptions.ApiKeyVariable} (server: {detail})",
        StatusCode.Unauthenticated =>
            $"the server refused the key: check --api-key or {ServerAccessOptions.ApiKeyVariable}; it may be mistyped or revoked (server: {detail})",
        StatusCode.PermissionDenied =>
            $"the key lacks the {scope} scope: use a key made with `actorrec keys create --scopes {scope}` (server: {detail})",
        // grpc-dotnet reports a failed TLS handshake as INTERNAL, with the handshake's exception inside.
        StatusCode.Internal or StatusCode.Unavailable when IsCertificateFailure(failure) =>
            $"the server's certificate was not accepted: give its certificate authority with --ca-cert <pem file>, and use the host name the certificate names (server: {detail})",
        _ => null,
    };

    public void Dispose() => certificateAuthority?.Dispose();

    private static bool IsCertificateFailure(Exception? failure)
    {
        for (var e = failure; e is not null; e = e.InnerException)
        {
            if (e is AuthenticationException)
            {
                return true;
            }
        }

        return false;
    }
}
