"""The tutorials' Chinese terms (../shared/GLOSSARY.md): words they never use, with theirs.

Shared by the catalog's test (every Chinese message) and the lessons' tests (every
Chinese lesson and the lessons' index).
"""

NOT_THE_TUTORIALS_TERMS = {"正向传播": "前向传播", "梯度确认": "梯度校验"}
