using System.Globalization;
using System.Text;

namespace FolderSync.Common.Metrics;

/// <summary>
/// The Prometheus text exposition format (0.0.4), written by hand: HELP and TYPE once per metric, then its samples.
/// Small enough that a library (and its reflection under native AOT) is not worth it.
/// </summary>
public sealed class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly StringBuilder _text = new();
    private readonly HashSet<string> _described = [];

    public PrometheusText Gauge(string name, string help, double? value, params (string Name, string Value)[] labels) =>
        Sample(name, "gauge", help, value, labels);

    public PrometheusText Counter(string name, string help, double? value, params (string Name, string Value)[] labels) =>
        Sample(name, "counter", help, value, labels);

    public override string ToString() => _text.ToString();

    private PrometheusText Sample(string name, string type, string help, double? value, (string Name, string Value)[] labels)
    {
        if (_described.Add(name))
        {
            _text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");
        }

        // An unknown value (no round trip measured yet) is left out rather than reported as 0.
        if (value is not { } number)
        {
            return this;
        }

        _text.Append(name);
        if (labels.Length > 0)
        {
            _text.Append('{').AppendJoin(',', labels.Select(l => $"{l.Name}=\"{Escape(l.Value)}\"")).Append('}');
        }

        _text.Append(' ').Append(number.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        return this;
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
