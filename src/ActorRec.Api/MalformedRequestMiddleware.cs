using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ActorRec.Api;

/// <summary>
/// Answers a gRPC request whose bytes are not the method's message (not protobuf, a truncated or surplus frame, the
/// compressed flag without an encoding, a foreign content type) with INVALID_ARGUMENT instead of the INTERNAL or
/// UNKNOWN that grpc-dotnet gives them. grpc-dotnet reads and parses a unary request before any interceptor runs, so
/// the status is corrected here, after the call, while it is still unsent: INTERNAL and UNKNOWN stay reserved for
/// this service's own bugs, and a client's garbage does not look like one on a dashboard.
/// </summary>
internal sealed partial class MalformedRequestMiddleware(RequestDelegate next, ILogger<MalformedRequestMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (MalformedRequest.Reclassify(context) is not { } status)
        {
            return;
        }

        // Where grpc-dotnet put the status: the headers of a trailers-only response, or the trailers after messages.
        var destination = context.Response.HasStarted ? context.Features.Get<IHttpResponseTrailersFeature>()?.Trailers : context.Response.Headers;
        if (destination is null || destination.IsReadOnly)
        {
            return;
        }

        destination["grpc-status"] = ((int)status.StatusCode).ToString(CultureInfo.InvariantCulture);

        // Status-Message is percent-encoded UTF-8 (gRPC over HTTP/2); these messages are ASCII, escaped all the same.
        destination["grpc-message"] = Uri.EscapeDataString(status.Detail);
        LogMalformedRequest(logger, context.Request.Path, status.StatusCode, status.Detail);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "A malformed request to {Path} was answered {StatusCode}: {Detail}")]
    private static partial void LogMalformedRequest(ILogger logger, PathString path, Grpc.Core.StatusCode statusCode, string detail);
}
