/** Word lists of the recogniser: organisations the segmenter's 2010s dictionary lacks or mis-tags, transliteration characters, surnames, cue words. */

/**
 * Well-known organisations, added to the segmenter's dictionary as `nt` (organisation) so that it cuts and
 * tags them as one word: jieba's dictionary predates most of them (英伟达 comes out as 英/j 伟达/a, 微软 as
 * an adjective, 华为 as a person). General knowledge, not any one pack's: the glossary remains the way to
 * name a pack's own people and organisations.
 */
export const KNOWN_ORGS = [
  // technology
  '英伟达', '微软', '谷歌', '苹果公司', '亚马逊', '脸书', '推特', '特斯拉', '英特尔', '高通', '超威半导体', '台积电', '三星', '索尼', '甲骨文', '思科', '奈飞', '优步',
  '华为', '腾讯', '阿里巴巴', '百度', '字节跳动', '京东', '美团', '拼多多', '小米', '网易', '中芯国际', '联想', '大疆', '商汤', '旷视', '科大讯飞', '月之暗面', '智谱',
  '深度求索', '微软研究院', '阿里云', '腾讯云', '华为云', '蚂蚁集团', '比亚迪', '宁德时代', '软银', '阿斯麦',
  // research, health, finance
  '诺和诺德', '辉瑞', '强生', '罗氏', '默沙东', '礼来', '阿斯利康', '高盛', '摩根士丹利', '摩根大通', '贝莱德', '红杉资本', '美联储', '世界银行', '国际货币基金组织',
  // governments and bodies
  '联合国', '世界卫生组织', '世卫组织', '欧盟', '北约', '白宫', '国会', '美国商务部', '商务部', '国务院', '工信部', '发改委', '证监会', '中国共产党',
  '麻省理工学院', '斯坦福大学', '哈佛大学', '普林斯顿大学', '清华大学', '北京大学', '中国科学院',
];

/** Characters that Chinese transliterations of foreign names are made of (达里奥, 丹妮拉, 阿莫迪, 柯林森). */
export const TRANSLIT = new Set(
  [...'阿埃艾爱安昂奥默夫雷什巴芭拜班邦包保鲍贝本比彼毕宾波伯博布查柴达黛丹德登迪蒂丁东杜多厄恩尔法范菲费芬丰佛弗福盖甘冈戈格葛古瓜圭哈海汉豪赫黑亨胡华霍基吉加佳贾杰金卡凯坎康柯科克肯库夸拉莱赖兰朗劳勒雷蕾黎里莉利丽连林琳卢鲁路伦罗洛玛马迈麦曼梅蒙米密缪摩莫姆穆拿纳娜奈南内妮尼努诺欧帕派潘佩彭皮珀普齐琪乔切琼丘萨塞赛桑瑟森沙莎尚舍史斯苏索塔泰坦汤唐特提汀托瓦万旺威韦维温沃乌西希锡夏谢辛休修雅亚扬耶伊因尤约泽扎詹珍祖佐'],
);

/** The commonest Chinese surnames, for names the segmenter only finds as unknown words (黄仁勋). */
export const SURNAMES = new Set([
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
]);

/** Titles and roles: a name stands next to them (英伟达CEO黄仁勋, Anthropic CEO Dario Amodei). */
export const ROLES = ['CEO', 'CTO', 'CFO', 'COO', 'CSO', '首席执行官', '首席技术官', '创始人', '联合创始人', '总裁', '董事长', '总经理', '总监', '主席', '院长', '教授', '研究员', '科学家', '记者', '主持人', '采访者', '作者'];
export const LATIN_ROLES = new Set(['CEO', 'CTO', 'CFO', 'COO', 'CSO', 'VP', 'President', 'Founder', 'Co-founder', 'Cofounder', 'Chairman', 'Director', 'Professor', 'Prof', 'Dr', 'Mr', 'Mrs', 'Ms']);

/** What a person does in a sentence, right after the name (达里奥说, 黄仁勋认为). */
export const PERSON_AFTER = /^(?:\s?)(?:的?《|问|回答|追问|答道|说|表示|认为|指出|称|写道|回忆|解释|强调|笑着|坦言|补充|提到|预测|警告|相信|觉得|透露|回应|的妹妹|的哥哥|的父亲|的母亲|的妻子|的丈夫|先生|女士|博士|教授)/;
/** Kinship and roles right before a name (他的妹妹丹妮拉, 采访者 John Collison). */
export const PERSON_BEFORE = /(?:(?:主持|记录|主讲|编译|译者|作者|讲者|联系人)[：:]\s?|妹妹|哥哥|姐姐|弟弟|父亲|母亲|妻子|丈夫|CEO|CTO|创始人|总裁|董事长|教授|博士|记者|主持人|采访者|作者|研究员|科学家)\s?$/;
/** Words after a name that show an organisation (OpenAI 公司, 与 Intercom 等公司的合作, Meta 的挖角). */
export const ORG_AFTER = /^(?:\s?)(?:等?公司|等企业|集团|旗下|团队|内部|员工|的CEO|CEO|的创始人|创始人|的总裁|总裁|董事会|这样的.{0,4}(?:公司|平台|企业)|合作|投资|融资|收购|估值|的研究|实验室|的竞争|的挖角|已经从)/;
/** Words around a name that show a product or a model, not an organisation (Claude 系列模型, Hopper 架构芯片). */
export const PRODUCT_AFTER = /^(?:\s?)(?:\d|系列|模型|版本|架构|芯片|基准|测试|算法|框架|协议|语言|库|版|的参与|能在)/;
/** Suffixes of an organisation's name in Chinese. */
export const ORG_SUFFIX = /(?:公司|集团|大学|学院|实验室|研究所|研究院|基金会|委员会|银行|协会|联盟|政府|研究中心|出版社|书局|书店|中学|小学|学校|报社|杂志社|电视台|研究会|教育局)$/u;
/** Latin words that end an organisation's name (Scale AI, Jane Street Capital). */
export const LATIN_ORG_WORDS = new Set(['Inc', 'Corp', 'Corporation', 'Labs', 'Lab', 'University', 'Institute', 'Group', 'Foundation', 'Capital', 'Ventures', 'Partners', 'Bank', 'Technologies', 'Systems', 'Research', 'AI', 'Brain', 'College', 'School', 'Agency', 'Council', 'Association', 'Society', 'Company', 'Co', 'Ltd', 'LLC', 'GmbH']);
/** Brands that make any Latin phrase holding them an organisation's name (Google DeepMind, Microsoft Research). */
export const LATIN_BRANDS = new Set(['DeepMind', 'Microsoft', 'Google', 'Meta', 'Amazon', 'Apple', 'Nvidia', 'NVIDIA', 'OpenAI', 'Anthropic', 'IBM', 'Intel', 'Tesla', 'Alibaba', 'Tencent', 'Baidu', 'Huawei', 'ByteDance']);
/** English common nouns and word endings that mark a Latin phrase as a term (Responsible Scaling Policy, Mechanistic Interpretability). */
export const LATIN_COMMON = /(?:ity|ism|ion|ing|ment|ness|ance|ence|ics|ive|ble|al|ous|ship|ure|cy|ogy|ies|ers|ed)$|^(?:The|This|That|These|Those|And|Or|But|If|In|On|At|For|Of|To|With|From|By|An?|Is|Are|It|We|You|He|She|They|Policy|Risk|Model|Models|Law|Laws|Act|Report|Index|Network|Networks|Learning|Data|Scale|Level|Curve|Loop|Mode|Test|Bench|Benchmark|Key|Value|Cache|Attention|Transformer|Mixture|Experts|Sparse|Chain|Thought|Agent|Agents|Tool|Tools|Prompt|Token|Tokens|Code|Text|Image|Video|Vision|Language|Safety|Alignment|Power|Growth|Revenue|Market|Product|Products|Platform|Service|Services|Cloud|Chip|Chips|Compute|Memory|Sonnet|Opus|App|Store|Apps|Web|Site|Page|Book|Books|News|Times|Post|Daily|Haiku|Hopper|Blackwell|Ampere)$/;
