using System.Text;
using RazorLight.Razor;

namespace MassEmail.Templating.Razor;

/// <summary>
/// A template source held in memory. Not RazorLight's <see cref="TextSourceRazorProjectItem"/>:
/// RazorLight compiles that one without its default imports (<c>@using System</c>,
/// <c>System.Collections.Generic</c>, <c>System.Linq</c>, ...), which templates expect.
/// </summary>
internal sealed class InMemoryRazorProjectItem(string key, string? source) : RazorLightProjectItem
{
    public override string Key => key;

    public override bool Exists => source is not null;

    public override Stream Read() => new MemoryStream(Encoding.UTF8.GetBytes(source ?? ""), writable: false);
}
