"""The site's languages: the folder names of the source trees and of the built sites."""

LANGUAGES = ("en", "zh-CN")
SPHINX_LANGUAGE = {"en": "en", "zh-CN": "zh_CN"}
LANGUAGE_NAMES = {"en": "English", "zh-CN": "简体中文"}
