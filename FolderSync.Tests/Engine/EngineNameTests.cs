using FolderSync.Tests.Support;

namespace FolderSync.Tests.Engine;

/// <summary>Every name Linux accepts that decodes as UTF-8 travels both ways (RelativePathTests has the table).</summary>
[TestFixture]
public sealed class EngineNameTests
{
    private static readonly string[] Names =
    [
        "back\\slash.txt",
        "up\\..\\..\\x.txt",
        "line\nbreak.txt",
        "tab\there.txt",
        "-rf.txt",
        "say \"hi\" 'bye'.txt",
        "a..b.txt",
        "notes 📝.md",
        "caf\u00e9.txt",
        "cafe\u0301.txt",
        new string('x', 251) + ".txt",
    ];

    [Test]
    public async Task Every_legal_name_reaches_the_client_and_its_edits_come_back()
    {
        await using var pair = new EnginePair();
        Directory.CreateDirectory(pair.Server("dir\\with\\backslashes"));
        File.WriteAllText(pair.Server("dir\\with\\backslashes/inside.txt"), "inside\n");
        foreach (string name in Names)
        {
            File.WriteAllText(pair.Server(name), $"content of {name}\n");
        }

        await pair.StartServerAsync();
        await pair.StartClientAsync();

        foreach (string name in Names)
        {
            await Eventually.FileHasAsync(pair.Local(name), $"content of {name}\n");
        }

        await Eventually.FileHasAsync(pair.Local("dir\\with\\backslashes/inside.txt"), "inside\n");
        await pair.IdleAsync();
        Assert.That(File.ReadAllText(pair.Local("cafe\u0301.txt")), Is.Not.EqualTo(File.ReadAllText(pair.Local("caf\u00e9.txt"))), "NFC and NFD are two files");

        File.WriteAllText(pair.Local("back\\slash.txt"), "edited on the client\n");
        await Eventually.FileHasAsync(pair.Server("back\\slash.txt"), "edited on the client\n");
        await pair.IdleAsync();
    }
}
