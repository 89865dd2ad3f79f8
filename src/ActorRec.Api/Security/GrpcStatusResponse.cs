using System.Globalization;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace ActorRec.Api.Security;

/// <summary>
/// Answers a gRPC call that middleware refuses before it reaches a service (authentication, rate limiting) with a
/// trailers-only gRPC response, so that the client sees the right status and a message, not a bare HTTP 401 or 429.
/// </summary>
internal static class GrpcStatusResponse
{
    public static bool IsGrpc(HttpContext context) =>
        context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;

    public static Task WriteAsync(HttpContext context, StatusCode code, string message)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = ((int)code).ToString(CultureInfo.InvariantCulture);

        // The gRPC spec percent-encodes grpc-message; clients decode it.
        response.Headers["grpc-message"] = Uri.EscapeDataString(message);
        return response.CompleteAsync();
    }
}
