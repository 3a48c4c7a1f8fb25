using System.Buffers;
using System.Text.Unicode;

namespace FolderSync.Common.Scanning;

/// <summary>
/// DESIGN §6: a file is text when its first 8 KiB hold no NUL byte and decode as strict UTF-8.
/// Extension lists refine this: a text extension skips the content check, a binary one is never synced.
/// </summary>
public sealed class TextDetector
{
    public const int ProbeBytes = 8192;

    private readonly HashSet<string> _text;
    private readonly HashSet<string> _binary;

    public TextDetector(IEnumerable<string> textExtensions, IEnumerable<string> binaryExtensions)
    {
        _text = Normalize(textExtensions);
        _binary = Normalize(binaryExtensions);
    }

    public TextDetector(ScanOptions options)
        : this(options.TextExtensions, options.BinaryExtensions)
    {
    }

    /// <summary>True: text by extension. False: binary by extension. Null: look at the content.</summary>
    public bool? ClassifyByName(string fileName)
    {
        string extension = Path.GetExtension(fileName);
        if (extension.Length <= 1)
        {
            return null;
        }

        extension = extension[1..];
        return _binary.Contains(extension) ? false : _text.Contains(extension) ? true : null;
    }

    /// <summary>
    /// Judges the first bytes of a file. When <paramref name="isWholeFile"/> is false the probe was cut
    /// at <see cref="ProbeBytes"/>, so a multi-byte sequence truncated at its end is still text.
    /// </summary>
    public static bool IsText(ReadOnlySpan<byte> head, bool isWholeFile)
    {
        if (head.Contains((byte)0))
        {
            return false;
        }

        char[] chars = ArrayPool<char>.Shared.Rent(head.Length);
        try
        {
            var status = Utf8.ToUtf16(head, chars, out _, out _, replaceInvalidSequences: false, isFinalBlock: isWholeFile);
            return status is OperationStatus.Done || (status is OperationStatus.NeedMoreData && !isWholeFile);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    /// <summary>Reads the first <see cref="ProbeBytes"/> of a file and judges them.</summary>
    public static bool IsTextFile(string fullPath)
    {
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 0);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ProbeBytes + 1);
        try
        {
            int filled = stream.ReadAtLeast(buffer.AsSpan(0, ProbeBytes + 1), ProbeBytes + 1, throwOnEndOfStream: false);
            bool whole = filled <= ProbeBytes;
            return IsText(buffer.AsSpan(0, Math.Min(filled, ProbeBytes)), whole);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static HashSet<string> Normalize(IEnumerable<string> extensions) =>
        extensions.Select(e => e.TrimStart('.')).Where(e => e.Length > 0).ToHashSet(StringComparer.OrdinalIgnoreCase);
}
