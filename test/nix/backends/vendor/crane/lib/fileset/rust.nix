{
  lib,
}:

path: lib.fileset.fileFilter (file: file.hasExt "rs") path
