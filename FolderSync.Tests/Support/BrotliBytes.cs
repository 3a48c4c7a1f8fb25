using System.IO.Compression;

namespace FolderSync.Tests.Support;

/// <summary>Brotli bytes made by the framework's stream encoder, independent of the product's encoder and its thresholds.</summary>
internal static class BrotliBytes
{
    public static byte[] Encode(byte[] raw)
    {
        using var output = new MemoryStream();
        using (var brotli = new BrotliStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            brotli.Write(raw);
        }

        return output.ToArray();
    }
}
