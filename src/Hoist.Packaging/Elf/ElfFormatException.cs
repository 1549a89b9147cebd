namespace Hoist.Packaging.Elf;

/// <summary>Thrown inside the parser when the content is not a well-formed ELF file;
/// <see cref="ElfReader.TryRead"/> turns it into null and never lets it out.</summary>
internal sealed class ElfFormatException(string message) : Exception(message);
