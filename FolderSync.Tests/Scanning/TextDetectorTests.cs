using System.Text;
using FolderSync.Common.Scanning;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Scanning;

public sealed class TextDetectorTests
{
    private static bool IsTextFile(byte[] content)
    {
        using var dir = new StoreScanTempDirectory();
        return TextDetector.IsTextFile(dir.WriteBytes("f", content));
    }

    [Test]
    public void An_empty_file_is_text() => Assert.That(IsTextFile([]), Is.True);

    [Test]
    public void Utf8_with_multibyte_characters_is_text() =>
        Assert.That(IsTextFile(Encoding.UTF8.GetBytes("grüße, 日本語, emoji 🙂\n")), Is.True);

    [Test]
    public void A_nul_byte_makes_it_binary() => Assert.That(IsTextFile([(byte)'a', 0, (byte)'b']), Is.False);

    [Test]
    public void A_nul_byte_after_the_probe_is_not_looked_at()
    {
        byte[] content = [.. Enumerable.Repeat((byte)'a', TextDetector.ProbeBytes), 0];
        Assert.That(IsTextFile(content), Is.True);
    }

    [TestCase(new byte[] { 0x61, 0xFF, 0x62 })]
    [TestCase(new byte[] { 0xC3, 0x28 })]
    [TestCase(new byte[] { 0xE2, 0x82 })]
    [TestCase(new byte[] { 0xED, 0xA0, 0x80 })]
    [TestCase(new byte[] { 0xC0, 0xAF })]
    public void Invalid_utf8_is_binary(byte[] content) => Assert.That(IsTextFile(content), Is.False);

    [Test]
    public void Latin1_is_binary() => Assert.That(IsTextFile(Encoding.Latin1.GetBytes("café")), Is.False);

    [Test]
    public void A_character_cut_at_the_probe_boundary_is_still_text()
    {
        byte[] euro = Encoding.UTF8.GetBytes("€"); // 3 bytes
        byte[] content = [.. Enumerable.Repeat((byte)'a', TextDetector.ProbeBytes - 1), .. euro, (byte)'z'];
        Assert.That(IsTextFile(content), Is.True);
        Assert.That(TextDetector.IsText(content.AsSpan(0, TextDetector.ProbeBytes), isWholeFile: false), Is.True);
    }

    [Test]
    public void A_character_cut_at_the_end_of_the_file_is_binary()
    {
        byte[] content = [.. Encoding.UTF8.GetBytes("abc"), 0xE2, 0x82];
        Assert.That(TextDetector.IsText(content, isWholeFile: true), Is.False);
    }

    [Test]
    public void A_file_of_exactly_the_probe_size_ending_mid_character_is_binary()
    {
        byte[] content = [.. Enumerable.Repeat((byte)'a', TextDetector.ProbeBytes - 1), 0xE2];
        Assert.That(IsTextFile(content), Is.False);
    }

    [Test]
    public void Extension_lists_override_the_content_check()
    {
        var detector = new TextDetector(["md", ".TXT"], [".pdf"]);
        Assert.That(detector.ClassifyByName("notes.txt"), Is.True);
        Assert.That(detector.ClassifyByName("README.MD"), Is.True);
        Assert.That(detector.ClassifyByName("paper.pdf"), Is.False);
        Assert.That(detector.ClassifyByName("main.cs"), Is.Null);
        Assert.That(detector.ClassifyByName("Makefile"), Is.Null);
    }
}
