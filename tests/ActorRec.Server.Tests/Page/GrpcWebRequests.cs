using System.Buffers.Binary;
using System.Net.Http.Headers;
using Google.Protobuf;

namespace ActorRec.Server.Tests.Page;

/// <summary>gRPC-Web requests as the page's script frames them (binary, over HTTP/1.1), for checks below the browser.</summary>
internal static class GrpcWebRequests
{
    public static HttpRequestMessage Unary(string path, IMessage message, string? host = null)
    {
        var bytes = message.ToByteArray();
        var body = new byte[5 + bytes.Length];
        BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)bytes.Length);
        bytes.CopyTo(body, 5);
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc-web+proto");
        request.Headers.Add("x-grpc-web", "1");
        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return request;
    }

    /// <summary>The call's gRPC status: from the headers of a trailers-only answer, else from the trailer frame in the body.</summary>
    public static async Task<int?> StatusAsync(HttpResponseMessage response)
    {
        if (response.Headers.TryGetValues("grpc-status", out var values))
        {
            return int.Parse(values.First(), System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = await response.Content.ReadAsByteArrayAsync();
        for (var offset = 0; offset + 5 <= body.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1));
            if ((body[offset] & 0x80) != 0)
            {
                var trailers = System.Text.Encoding.ASCII.GetString(body, offset + 5, length);
                var line = trailers.Split("\r\n").First(l => l.StartsWith("grpc-status:", StringComparison.Ordinal));
                return int.Parse(line["grpc-status:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }

            offset += 5 + length;
        }

        return null;
    }
}
