using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using FolderSync.Common.Protocol;
using FolderSync.Tests.Support;

namespace FolderSync.Tests.Protocol;

/// <summary>
/// CONTROL_REQUEST against a real server over TLS, from a scripted authenticated client: the verbs it answers, what it
/// refuses, and malformed requests that end that connection with an ERROR while the server goes on answering.
/// </summary>
[Parallelizable(ParallelScope.Self)]
internal sealed class ControlRequestTests
{

    [Test]
    public async Task Folders_lists_the_allowed_folder_with_its_access_files_and_bytes()
    {
        await using var pair = await StartServerAsync();
        await using var peer = await JoinAsync(pair);
        var answer = await AskAsync(peer, 7, new JsonObject { ["command"] = "folders" });
        Assert.That(answer["ok"]!.GetValue<bool>(), Is.True, answer.ToJsonString());
        var folder = answer["folders"]!.AsArray().Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(folder["name"]!.GetValue<string>(), Is.EqualTo("docs"));
            Assert.That(folder["access"]!.GetValue<string>(), Is.EqualTo("EditOnly"));
            Assert.That(folder["files"]!.GetValue<long>(), Is.EqualTo(2));
            Assert.That(folder["bytes"]!.GetValue<long>(), Is.EqualTo(15));
            Assert.That(folder["subscribed"]!.GetValue<bool>(), Is.True);
        });
    }

    [Test]
    public async Task An_unknown_or_missing_verb_is_refused_as_usage_naming_the_verbs_and_the_connection_goes_on()
    {
        await using var pair = await StartServerAsync();
        await using var peer = await JoinAsync(pair);
        foreach (var request in new[] { new JsonObject { ["command"] = "format-disk" }, new JsonObject { ["path"] = "a.txt" }, new JsonObject { ["command"] = 5 } })
        {
            var answer = await AskAsync(peer, 1, request);
            Assert.Multiple(() =>
            {
                Assert.That(answer["ok"]!.GetValue<bool>(), Is.False);
                Assert.That(answer["code"]!.GetValue<string>(), Is.EqualTo("usage"));
                Assert.That(answer["error"]!.GetValue<string>(), Does.Contain("unknown command").And.Contain("folders").And.Contain("history").And.Contain("confirm-deletes"));
            });
        }

        Assert.That(pair.ServerLog, Has.Some.Contains("Refused client1's control request \"format-disk\": usage"));
    }

    [Test]
    public async Task A_history_verb_reaches_the_folder_commands_as_this_client()
    {
        await using var pair = await StartServerAsync();
        await using var peer = await JoinAsync(pair);
        var answer = await AskAsync(peer, 3, new JsonObject { ["command"] = "conflicts" });

        // Whether the verb is built yet or not, the answer is the folder command's, for this request.
        if (answer["ok"]!.GetValue<bool>())
        {
            Assert.That(answer["conflicts"], Is.TypeOf<JsonArray>(), answer.ToJsonString());
        }
        else
        {
            Assert.That(answer["code"]!.GetValue<string>(), Is.EqualTo("failed"), answer.ToJsonString());
            Assert.That(answer["error"]!.GetValue<string>(), Does.Contain("conflicts"));
        }
    }

    [Test]
    public async Task A_burst_of_requests_gets_one_answer_per_id_those_over_the_in_flight_cap_refused()
    {
        await using var pair = await StartServerAsync();
        await using var peer = await JoinAsync(pair);
        await peer.SendRawAsync([.. Enumerable.Range(100, 12).SelectMany(id => SecurityPeer.Encode(new ControlRequestMessage(id, new JsonObject { ["command"] = "folders" })))]);
        var answers = new Dictionary<long, JsonObject>();
        while (answers.Count < 12 && await peer.ReadAsync() is { } message)
        {
            if (message is ControlResponseMessage response)
            {
                Assert.That(answers.TryAdd(response.RequestId, response.Answer), Is.True, $"one answer for {response.RequestId}");
            }
        }

        Assert.That(answers.Keys.Order(), Is.EqualTo(Enumerable.Range(100, 12).Select(id => (long)id)));
        foreach (var answer in answers.Values.Where(a => !a["ok"]!.GetValue<bool>()))
        {
            Assert.That(answer["error"]!.GetValue<string>(), Does.Contain("already in flight"), answer.ToJsonString());
        }

        Assert.That(await AskAsync(peer, 1, new JsonObject { ["command"] = "folders" }), Does.ContainKey("folders"), "the connection goes on");
    }

    public static IEnumerable<TestCaseData> Malformed()
    {
        yield return Case("requestId a string", """{"type":"CONTROL_REQUEST","requestId":"1","request":{"command":"folders"}}""");
        yield return Case("request a string", """{"type":"CONTROL_REQUEST","requestId":1,"request":"folders"}""");
        yield return Case("request an array", """{"type":"CONTROL_REQUEST","requestId":1,"request":["folders"]}""");
        yield return Case("request null", """{"type":"CONTROL_REQUEST","requestId":1,"request":null}""");
        yield return Case("request missing", """{"type":"CONTROL_REQUEST","requestId":1}""");
        yield return Case("a duplicate key in the request", """{"type":"CONTROL_REQUEST","requestId":1,"request":{"command":"folders","command":"history"}}""");
        yield return Case("nested past the depth limit", $$$"""{"type":"CONTROL_REQUEST","requestId":1,"request":{"command":"folders","x":{{{new string('[', 40)}}}{{{new string(']', 40)}}}}}""");
        yield return Case("a header over 64 KiB", $$$"""{"type":"CONTROL_REQUEST","requestId":1,"request":{"command":"history","path":"{{{new string('a', 70_000)}}}"}}""");
        yield return Case("a CONTROL_RESPONSE from a client", """{"type":"CONTROL_RESPONSE","requestId":1,"answer":{"ok":true}}""");
    }

    [TestCaseSource(nameof(Malformed))]
    public async Task A_malformed_request_gets_an_error_and_the_server_keeps_answering(string name, string header)
    {
        _ = name;
        await using var pair = await StartServerAsync();
        await using (var peer = await JoinAsync(pair))
        {
            byte[] json = Encoding.UTF8.GetBytes(header);
            var prefix = new byte[4];
            BinaryPrimitives.WriteInt32BigEndian(prefix, json.Length);
            await peer.SendRawAsync([.. prefix, .. json]);
            var rest = await peer.ReadToEndAsync(TimeSpan.FromSeconds(20));
            var error = rest.OfType<ErrorMessage>().SingleOrDefault();
            Assert.That(error, Is.Not.Null, $"an ERROR before the close; got {string.Join(", ", rest.Select(m => m.GetType().Name))}");
            Assert.That(error!.Code, Is.AnyOf(ErrorCode.ProtocolViolation, ErrorCode.FrameTooLarge));
            Assert.That(rest.OfType<ControlResponseMessage>(), Is.Empty, "nothing is answered from a malformed request");
        }

        await using var next = await JoinAsync(pair);
        var answer = await AskAsync(next, 2, new JsonObject { ["command"] = "folders" });
        Assert.That(answer["ok"]!.GetValue<bool>(), Is.True, "the server still answers a well-formed request");
    }

    /// <summary>A real server (TLS, clients 0–3 allowed "docs") over a folder of two files, 15 bytes.</summary>
    private static async Task<EnginePair> StartServerAsync()
    {
        var pair = new EnginePair();
        File.WriteAllText(pair.Server("a.txt"), "hello\n");
        File.WriteAllText(pair.Server("b.txt"), "12345678\n");
        await pair.StartServerAsync();
        return pair;
    }

    private static async Task<SecurityPeer> JoinAsync(EnginePair pair)
    {
        var peer = await SecurityPeer.ConnectAsync(pair.Port);
        var welcome = await peer.JoinAsync("client1", EnginePair.TokenFor(1));
        Assert.That(welcome.Capabilities, Does.Contain(ControlRequestMessage.Capability));
        return peer;
    }

    /// <summary>Sends the request and reads (past PINGs) to the CONTROL_RESPONSE with its id.</summary>
    private static async Task<JsonObject> AskAsync(SecurityPeer peer, long id, JsonObject request)
    {
        await peer.SendAsync(new ControlRequestMessage(id, request));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            switch (await peer.ReadAsync(deadline - DateTime.UtcNow))
            {
                case ControlResponseMessage response when response.RequestId == id:
                    return response.Answer;
                case PingMessage ping:
                    await peer.SendAsync(new PongMessage(ping.Id, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
                    break;
                case null:
                    Assert.Fail($"the connection ended before the answer to {id}: {string.Join(", ", peer.Received.Select(m => m.GetType().Name))}");
                    break;
            }
        }

        Assert.Fail($"no CONTROL_RESPONSE {id} within 10 s");
        return null!;
    }

    private static TestCaseData Case(string name, string header) => new TestCaseData(name, header).SetArgDisplayNames(name);
}
