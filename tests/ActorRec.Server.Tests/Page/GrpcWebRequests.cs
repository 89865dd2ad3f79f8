using System.Buffers.Binary;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
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
            return int.Parse(values.First(), CultureInfo.InvariantCulture);
        }

        return Trailers(await response.Content.ReadAsByteArrayAsync()).TryGetValue("grpc-status", out var status)
            ? int.Parse(status, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The trailers gRPC-Web sends as the body's last frame (flag 0x80), by lower-case name; empty without one.</summary>
    public static Dictionary<string, string> Trailers(byte[] body)
    {
        var trailers = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var offset = 0; offset + 5 <= body.Length;)
        {
            var length = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(offset + 1)), (uint)(body.Length - offset - 5));
            if ((body[offset] & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(body, offset + 5, length).Split("\r\n"))
                {
                    var colon = line.IndexOf(':', StringComparison.Ordinal);
                    if (colon > 0)
                    {
                        trailers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
                    }
                }
            }

            offset += 5 + length;
        }

        return trailers;
    }
}
