using System.Text;
using FolderSync.Common.Protocol;

namespace FolderSync.Tests.Framing;

/// <summary>Keeps the hex example in docs/protocol.md generated from the real writer.</summary>
public sealed class ProtocolDocTests
{
    [Test]
    public void The_documented_frame_is_what_the_writer_produces()
    {
        var update = new FileUpdateMessage(7, "notes/todo.txt", 6, 1_764_000_000_000_000_000, "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03", null, 0, null);
        string dump = HexDump(FrameBytes.Encode(update, "hello\n"u8.ToArray()));
        TestContext.Out.WriteLine(dump);

        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));
        Assert.That(doc.ReplaceLineEndings("\n"), Does.Contain(dump));
    }

    [Test]
    public void Every_message_type_has_a_row_in_the_documented_message_table()
    {
        var discriminators = typeof(Message).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), inherit: false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>()
            .Select(a => (string)a.TypeDiscriminator!)
            .ToList();
        string doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));
        Assert.That(discriminators, Has.Count.GreaterThanOrEqualTo(20));
        Assert.That(discriminators.Where(type => !doc.Contains($"| `{type}` |", StringComparison.Ordinal)), Is.Empty, "types missing from docs/protocol.md's table");
    }

    private static string HexDump(byte[] data)
    {
        var text = new StringBuilder();
        for (int offset = 0; offset < data.Length; offset += 16)
        {
            var line = data.AsSpan(offset, Math.Min(16, data.Length - offset));
            string hex = string.Join(' ', line.ToArray().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
            string ascii = new(line.ToArray().Select(b => b is >= 0x20 and < 0x7f ? (char)b : '.').ToArray());
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{offset:x8}  {hex,-47}  |{ascii}|\n");
        }

        return text.ToString();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FolderSync.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("FolderSync.sln not found above the test directory");
    }
}
