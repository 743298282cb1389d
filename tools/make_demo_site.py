"""Generate the bundled demo news site under src/samizdat/demo/site/.

    .venv/bin/python tools/make_demo_site.py

"The Lantern Daily / 灯笼日报" is a fictional outlet in the fictional city of 河湾 / Riverbend.
Every text here was written for samizdat; all people named are invented. The output is
deterministic (fixed dates, no randomness), so re-running it rewrites the same files.
Absolute origin URLs are written as {{ORIGIN}}; the demo server substitutes them.

Article bodies use a tiny block syntax (blocks separated by blank lines):
    plain text              -> <p>, with [[a1003|text]] (link to an article) and
                               [text](url) inline links
    ## heading              -> <h2>
    > text                  -> <blockquote>
    <...>                   -> raw HTML (tables, embeds)
    !fig NAME | caption     -> <figure> with an absolute src
    !figrel NAME | caption  -> <figure> with a root-relative src (/img/NAME)
    !srcset BIG SMALL | cap -> <figure> with srcset/sizes
    !lazy NAME | caption    -> lazy image: placeholder src, real URL in data-src
    !lazydata NAME | cap    -> lazy image: data: URI src, data-src + data-srcset
    !picture WIDE NARROW | c-> <picture> with a <source>
    !broken NAME | caption  -> a figure whose image does not exist (404)
"""

# ruff: noqa: RUF001, E501 - Chinese prose: full-width punctuation and long lines are intended.
from __future__ import annotations

import html
import json
import re
import shutil
import zlib
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent / "src" / "samizdat" / "demo" / "site"
ORIGIN = "{{ORIGIN}}"
SITE_ZH = "灯笼日报"
SITE_EN = "The Lantern Daily"
BROKEN_IMAGES = ("street-3.jpg", "seed-vault-interior.jpg")
PLACEHOLDER_GIF = "data:image/gif;base64,R0lGODlhAQABAAAAACH5BAEKAAEALAAAAAABAAEAAAICTAEAOw=="


@dataclass(frozen=True)
class Channel:
    slug: str
    lang: str
    name: str
    description: str


CHANNELS = (
    Channel("local", "zh-CN", "本地", "河湾市的交通、天气、公共服务与社区新闻。"),
    Channel(
        "world", "en", "World", "Science, climate and transport stories from around the world."
    ),
    Channel("culture", "zh-CN", "文化", "展览、演出、书评与城市里的手艺人。"),
)
CHANNEL_BY_SLUG = {c.slug: c for c in CHANNELS}

TAGS = {
    "budget": "预算",
    "library": "图书馆",
    "weather": "天气",
    "transit": "交通",
    "science": "Science",
    "climate": "Climate",
    "oceans": "Oceans",
    "travel": "Travel",
    "arts": "艺术",
    "books": "书评",
    "heritage": "非遗",
    "community": "社区",
}

# Images: name -> (width, height, colour A, colour B, label). Kept small on purpose.
IMAGES: dict[str, tuple[int, int, str, str, str]] = {
    "logo.png": (240, 60, "#7a1f1f", "#d9822b", "LANTERN DAILY"),
    "placeholder.png": (16, 9, "#dddddd", "#dddddd", ""),
    "council-hall.jpg": (800, 450, "#3b4a6b", "#c9b38a", "Council hall"),
    "cold-front.png": (640, 400, "#dfefff", "#2a5d9f", "Cold front"),
    "metro-960.jpg": (960, 540, "#1d6f5f", "#e4e0c8", "Metro line 3 (960)"),
    "metro-480.jpg": (480, 270, "#1d6f5f", "#e4e0c8", "Metro line 3 (480)"),
    "library-night.jpg": (800, 500, "#1a1f3a", "#f0c060", "Library at night"),
    "wetland.jpg": (800, 450, "#5c8f4a", "#cfe3f0", "Wetland park"),
    "city-street.jpg": (800, 500, "#6b5b4b", "#e8d8c0", "City street"),
    "weather-station.png": (600, 400, "#ffffff", "#88aacc", "Weather station"),
    "aurora-1200.jpg": (1200, 675, "#06121f", "#3fd19a", "Aurora (1200)"),
    "aurora-600.jpg": (600, 338, "#06121f", "#3fd19a", "Aurora (600)"),
    "harbour.jpg": (800, 450, "#0f4c6e", "#a8d8e8", "Harbour"),
    "seeds.png": (600, 400, "#f4ecd8", "#8a6a3a", "Seed bank"),
    "night-train.jpg": (800, 450, "#101828", "#b04a3a", "Night train"),
    "chart-loans.png": (640, 400, "#ffffff", "#4a7ab0", "Language loans"),
    "heat-map.png": (640, 400, "#fff4d0", "#d04020", "Heat map"),
    "gallery-wide.jpg": (1200, 500, "#f2efe8", "#c8a070", "Paper and light (wide)"),
    "gallery-narrow.jpg": (600, 600, "#f2efe8", "#c8a070", "Paper and light"),
    "papercut.png": (500, 500, "#c8202a", "#fbe9d0", "Paper cut"),
    "cinema.jpg": (800, 450, "#2a2a2a", "#e0d0a0", "Old cinema"),
}


@dataclass(frozen=True)
class Article:
    id: str
    channel: str
    published: str  # ISO 8601 with offset
    title: str
    author: str
    tags: tuple[str, ...]
    lead: str
    summary: str
    body: str

    @property
    def when(self) -> datetime:
        return datetime.fromisoformat(self.published)

    @property
    def path(self) -> str:
        return f"/news/{self.channel}/{self.when:%Y/%m}/{self.id}.html"

    @property
    def url(self) -> str:
        return ORIGIN + self.path

    @property
    def lang(self) -> str:
        return CHANNEL_BY_SLUG[self.channel].lang


ARTICLES: list[Article] = [
    # ------------------------------------------------------------------ local (zh)
    Article(
        "a1001",
        "local",
        "2026-11-18T09:30:00+08:00",
        "河湾市议会通过2027年度预算，公共图书馆经费增加12%",
        "林晓雨",
        ("budget", "library"),
        "council-hall.jpg",
        "市议会以多数票通过明年预算草案，图书馆、公交补贴和社区卫生服务获得增加，道路新建项目有所压缩。",
        """
!fig council-hall.jpg | 11月17日晚，河湾市议会在市政厅二楼会议室表决2027年度预算。（本报记者 林晓雨 摄）

河湾市议会17日晚以二十一票赞成、四票反对、两票弃权通过2027年度财政预算。新预算总额为一百八十六亿元，比今年增加约3.4%。议会预算委员会表示，增量主要投向公共图书馆、公交运营补贴和社区卫生服务三个方面。

## 各项支出一览

<table class="data-table">
<caption>2027年度河湾市主要支出项目（单位：亿元）</caption>
<thead><tr><th>项目</th><th>2026年</th><th>2027年</th><th>变化</th></tr></thead>
<tbody>
<tr><td>公共图书馆</td><td>4.10</td><td>4.59</td><td>+12.0%</td></tr>
<tr><td>公交运营补贴</td><td>18.20</td><td>19.50</td><td>+7.1%</td></tr>
<tr><td>社区卫生服务</td><td>22.70</td><td>23.60</td><td>+4.0%</td></tr>
<tr><td>道路新建</td><td>31.00</td><td>27.40</td><td>-11.6%</td></tr>
<tr><td>公园与绿地</td><td>9.80</td><td>10.10</td><td>+3.1%</td></tr>
</tbody>
</table>

预算委员会主席在表决前的说明中指出，过去一年全市图书馆的借阅量增长了近两成，夜间和周末的座位经常不够用。新增的经费将用于延长开放时间、更新儿童阅览区，并在三个新建社区设立分馆。

投反对票的议员认为，道路新建经费压缩过多，城东新区的两条主干道可能因此推迟一年开工。交通局回应称，推迟的项目将优先使用明年的结余资金，不会影响已经开工的路段。

预算全文已在市政府网站公开，市民可在[预算公开页面](https://example.org/riverbend/budget-2027)查阅，也可以到各区图书馆索取纸质摘要。相关报道见本报[预算专题](/tag/budget/)。
""",
    ),
    Article(
        "a1002",
        "local",
        "2026-11-17T07:15:00+08:00",
        "寒潮周末来袭，河湾气象台发布蓝色预警",
        "陈嘉木",
        ("weather",),
        "cold-front.png",
        "受强冷空气影响，本周六至周日全市气温将下降八到十度，最低气温接近零度，并伴有五到六级北风。",
        """
!figrel cold-front.png | 气象台发布的冷空气路径示意图。蓝色区域为周六夜间气温低于两度的地区。

河湾市气象台17日早上发布寒潮蓝色预警：受一股强冷空气影响，本周六白天起全市将出现明显降温，四十八小时内气温下降八到十度，周日早晨最低气温可能降至零度左右，郊区山地可能出现霜冻。

气象台首席预报员表示，这股冷空气移动速度较快，降温过程中会伴有五到六级的偏北风，阵风可达七级。滨江一带风力更大，提醒市民外出时注意高空坠物，暂时不要在江边步道长时间停留。

## 出行与生活提示

周六下午到夜间可能有小雨，部分路段路面湿滑。交通部门建议驾车市民减速慢行，早晚高峰尽量选择公共交通。农业部门提醒城郊菜农提前加盖薄膜，防止蔬菜受冻。

气象台预计，下周二起冷空气逐渐减弱，气温缓慢回升。最新预报可在本报[天气栏目](/tag/weather/)查看。
""",
    ),
    Article(
        "a1003",
        "local",
        "2026-11-15T10:00:00+08:00",
        "地铁3号线北延段开始试运营，沿线新增五座车站",
        "王若溪",
        ("transit",),
        "metro-960.jpg",
        "3号线北延段全长九点六公里，15日上午开始载客试运营，从北湖站到市中心的时间缩短到二十五分钟。",
        """
!srcset metro-960.jpg metro-480.jpg | 15日上午，首班列车驶入新开通的北湖站。（本报记者 王若溪 摄）

河湾地铁3号线北延段15日上午六点半开始载客试运营。北延段全长九点六公里，新增北湖、樟树湾、科技园、钟楼街和北站五座车站。乘客从北湖站前往市中心的时间由原来的五十分钟左右缩短到二十五分钟。

试运营期间，北延段的发车间隔为工作日高峰六分钟、平峰九分钟。地铁公司表示，将根据客流情况逐步加密班次。

<table>
<thead><tr><th>车站</th><th>首班车</th><th>末班车</th><th>换乘</th></tr></thead>
<tbody>
<tr><td>北湖</td><td>06:30</td><td>22:30</td><td>—</td></tr>
<tr><td>樟树湾</td><td>06:33</td><td>22:33</td><td>公交N5</td></tr>
<tr><td>科技园</td><td>06:37</td><td>22:37</td><td>—</td></tr>
<tr><td>钟楼街</td><td>06:41</td><td>22:41</td><td>1号线</td></tr>
<tr><td>北站</td><td>06:45</td><td>22:45</td><td>城际铁路</td></tr>
</tbody>
</table>

北站换乘通道目前只开放东侧一条，西侧通道预计年底前完工。地铁公司提醒乘客，试运营首周部分车站的自动售票机仍在调试，建议使用交通卡或手机扫码进站。

完整的线路图和运营时刻表可在[地铁公司网站](https://example.com/riverbend-metro/line3)查看。
""",
    ),
    Article(
        "a1004",
        "local",
        "2026-11-13T14:20:00+08:00",
        "老城区图书馆夜间开放试点延长至明年三月",
        "林晓雨",
        ("library", "community"),
        "library-night.jpg",
        "老城区图书馆夜间开放至十点的试点原定本月结束，因读者反响良好，将延长到明年三月底。",
        """
!lazy library-night.jpg | 晚上九点，老城区图书馆二楼的自习区仍然坐满了读者。

老城区图书馆的夜间开放试点原计划在本月底结束。图书馆13日宣布，由于读者反响良好，试点将延长到明年三月三十一日，每周二至周六开放到晚上十点。

试点开展三个月以来，晚上六点以后的入馆人数平均每晚超过三百人次，其中近一半是下班后来看书、自习的上班族。馆长说，很多读者在留言簿上写道，晚上能有一个安静、明亮、免费的地方，是他们愿意留在老城区的理由之一。

延长试点所需的经费，来自市议会刚刚通过的新年度预算，详见本报报道[[a1001|《河湾市议会通过2027年度预算》]]。图书馆还计划在明年春天增设夜间的儿童故事会和老年人数字技能课程。

> “我们希望图书馆不只是白天的图书馆。”馆长说。

读者可以在[图书馆专题](/tag/library/)查看各分馆开放时间。
""",
    ),
    Article(
        "a1005",
        "local",
        "2026-11-12T18:00:00+08:00",
        "[视频] 航拍：秋日湿地公园候鸟归来",
        "赵一鸣",
        ("community",),
        "wetland.jpg",
        "本报记者用无人机记录了城南湿地公园里成群归来的候鸟。（视频，时长三分钟）",
        """
<div class="video-embed"><iframe src="https://video.example.net/embed/lantern-wetland-2026" width="640" height="360" title="湿地公园航拍" allowfullscreen></iframe></div>

本视频时长三分钟，记录了城南湿地公园十一月上旬的候鸟。

!fig wetland.jpg | 视频截图：城南湿地公园的浅滩。
""",
    ),
    Article(
        "a1006",
        "local",
        "2026-11-10T11:45:00+08:00",
        "青石巷菜市场改造完成重新开业，摊位租金维持不变",
        "孙海棠",
        ("community",),
        "city-street.jpg",
        "经过四个月改造，青石巷菜市场10日重新开业，新增了排水和通风设施，原有摊主全部回迁。",
        """
!fig city-street.jpg | 重新开业的青石巷菜市场入口。

有着三十多年历史的青石巷菜市场经过四个月的改造，10日早上重新开业。改造后的市场重新铺设了地面和排水管道，加装了通风设备和公共洗手池，原来的八十六户摊主全部回迁，摊位租金维持改造前的标准不变。

摊主刘阿姨在市场卖了二十年豆腐。她说，以前一下雨地面就积水，现在干净多了，“老顾客一早就来了，说找不到路，其实摊位号都没变。”

市场管理方表示，改造期间听取了摊主和周边居民的意见，保留了原来的布局和早市时间，只是在入口处增加了无障碍坡道和自行车停放区。

<div class="poll-widget"><script>window.lanternPoll = {id: "market-2026", question: "你满意改造后的菜市场吗？"};</script><noscript>投票功能需要启用脚本。</noscript></div>

本报此前曾报道市场改造的施工安排，详见[社区新闻](/tag/community/)。
""",
    ),
    Article(
        "a1007",
        "local",
        "2026-11-08T16:30:00+08:00",
        "河湾一中学生自制气象站获省级科技创新奖",
        "陈嘉木",
        ("weather", "community"),
        "weather-station.png",
        "五名高二学生用两年时间在校园里搭建了一座自动气象站，数据与市气象台的观测结果高度吻合。",
        """
!fig weather-station.png | 学生们绘制的气象站结构示意图：温湿度、气压、风速和雨量四组传感器。

河湾一中五名高二学生自制的校园自动气象站，日前获得省青少年科技创新大赛一等奖。这座气象站由学生们用两年课余时间搭建，可以每五分钟记录一次温度、湿度、气压、风速和降雨量。

指导老师介绍，学生们最初只是想知道“为什么学校操场总比天气预报冷一点”。他们把自己记录的数据和市气象台的观测结果逐日对比，发现两者的温度差平均不到零点五度，而操场在晴朗夜晚的降温确实更快。

本周末的寒潮过程（详见[[a1002|寒潮蓝色预警报道]]）成了他们的新课题。学生们计划记录降温前后的完整数据，写成观测报告，和气象台的预报员一起讨论。

!fig cold-front.png | 学生们用自己的数据绘制的降温曲线，与气象台的冷空气路径图放在一起比较。

学生们已经把气象站的设计图和程序[公开发布](https://example.org/school-weather-station)，希望其他学校也能照着做。
""",
    ),
    Article(
        "a1008",
        "local",
        "2026-11-06T20:10:00+08:00",
        "夜班公交线路调整：N5、N8合并运营",
        "王若溪",
        ("transit",),
        "metro-480.jpg",
        "配合地铁3号线北延段开通，夜班公交N5和N8将从下周一起合并为一条线路，末班车推迟到凌晨一点。",
        """
公交集团6日发布通告，从下周一起，夜班公交N5路和N8路合并为新的N5路，全程经过十九个站点，末班车由原来的凌晨零点半推迟到凌晨一点。

这次调整主要是为了配合地铁3号线北延段的开通。新的N5路将在樟树湾站和地铁衔接，晚上乘地铁到北湖一带的乘客，在地铁收车后仍可以换乘夜班公交回家。关于北延段的情况，请参阅[[a1003|地铁3号线北延段试运营报道]]。

!fig metro-480.jpg | 樟树湾站外新设的夜班公交站台。

原N8路的三个站点（粮仓路、南堤、纺织新村）将由新开通的社区微循环线接驳。公交集团表示，调整后一个月内将在这些站点安排工作人员引导乘客。

市民如对调整有意见，可在本周五前通过公交集团[意见征集页面](https://example.com/riverbend-bus/feedback)反映。
""",
    ),
    Article(
        "a1009",
        "local",
        "2026-11-04T09:00:00+08:00",
        "滨江步道部分路段封闭维修至十二月中旬",
        "赵一鸣",
        ("community",),
        "wetland.jpg",
        "滨江步道从码头广场到老船厂约一点二公里的路段将封闭维修，预计十二月中旬重新开放。",
        """
!figrel wetland.jpg | 滨江步道码头广场段，施工围挡已经搭好。

市园林部门4日宣布，滨江步道从码头广场到老船厂约一点二公里的路段将从本周起封闭维修，预计十二月十五日前后重新开放。

这段步道建成已经十二年，部分木栈道出现松动，夏季汛期后还有两处护栏受损。这次维修将更换全部木质铺板，加固护栏，并增设六处夜间照明和两处饮水点。

封闭期间，市民可以从沿江路人行道绕行。园林部门提醒跑步爱好者，码头广场附近的绕行路段人流较多，早晚高峰请注意安全。

附近居民对维修大多表示理解。每天傍晚在步道上散步的张先生说，木板松动的问题存在好几年了，晚上走路要特别小心，“修好了大家都放心。”也有居民希望施工方尽量避开早晚时段作业，减少噪音。

园林部门表示，施工期间每周会在码头广场的公告栏更新进度。步道重新开放前，还将邀请周边社区的居民代表参加验收。
""",
    ),
    Article(
        "a1010",
        "local",
        "2026-11-02T08:40:00+08:00",
        "市立第二医院开设周末儿科门诊",
        "孙海棠",
        ("community",),
        "city-street.jpg",
        "从本周六起，市立第二医院在周六、周日上午开设儿科普通门诊，缓解周末急诊的排队压力。",
        """
市立第二医院2日宣布，从本周六起在周六、周日上午八点至十二点开设儿科普通门诊。此前，周末只有急诊可以接诊儿童，发热、咳嗽等常见病也只能到急诊排队。

医院儿科主任介绍，入冬以后儿童呼吸道疾病增多，上个月周末儿科急诊的平均候诊时间超过两个小时。开设周末门诊后，病情较轻的患儿可以分流到普通门诊，急诊资源可以留给真正需要的孩子。

周末门诊可以通过医院的预约平台提前一天挂号，也保留一部分现场号。医院提醒家长，如果孩子出现高热不退、呼吸困难等情况，仍应直接前往急诊。

为了开设周末门诊，医院从内科和全科调配了四名医生参加儿科轮班，并为他们安排了儿科常见病的专项培训。护理部也相应增加了周末的分诊护士。

不少家长对这一安排表示欢迎。一位带着五岁女儿来复诊的母亲说，以前孩子周末发烧，只能在急诊室等到半夜，“现在早上来，十点前就看完了。”医院表示，将根据冬季的就诊情况评估是否把周末门诊延长到下午。
""",
    ),
    Article(
        "a1011",
        "local",
        "2026-10-30T15:00:00+08:00",
        "旧书交换集市周日在中心广场举行",
        "林晓雨",
        ("library", "community"),
        "library-night.jpg",
        "由图书馆和志愿者组织的旧书交换集市本周日在中心广场举行，市民可以带一本书换一本书。",
        """
!fig library-night.jpg | 上一届旧书交换集市现场。（资料图片）

一年一度的旧书交换集市将于本周日上午九点至下午四点在中心广场举行。市民可以带上家里闲置的书，每带一本可以换走一本，没有书可带的市民也可以用一元的象征性费用“领养”一本书，所得全部捐给社区图书角。

集市由老城区图书馆和“书流”志愿者小组共同组织。志愿者说，去年的集市交换了四千多本书，最受欢迎的是儿童绘本和旧版地图册。

今年集市还设有“修书角”，图书馆的工作人员会现场教大家修补脱页和破损的书脊。有关老城区图书馆的夜间开放，请参阅[[a1004|本报此前的报道]]。

更多活动信息见[图书馆专题](/tag/library/)和[本地新闻](/news/local/)。

志愿者提醒，参加交换的书应当品相完好、没有缺页，教辅材料和过期杂志不在交换范围之内。集市结束后仍未被换走的书，将捐给郊区的乡村小学和养老院阅览室。

组织者还希望，集市能成为邻居之间认识的机会。去年有两位退休教师在集市上结识，后来一起在社区开办了每周一次的读书会，至今已经坚持了一年。
""",
    ),
    Article(
        "a1012",
        "local",
        "2026-10-28T12:00:00+08:00",
        "全市新增三百个共享单车电子围栏停放点",
        "王若溪",
        ("transit", "community"),
        "metro-960.jpg",
        "交通部门在地铁站和公交枢纽周边新增三百个电子围栏停放点，乱停放的单车将被扣减信用分。",
        """
!srcset metro-960.jpg metro-480.jpg | 地铁站出口旁新画出的单车停放区。

市交通局28日宣布，全市新增三百个共享单车电子围栏停放点，主要分布在地铁站、公交枢纽和大型社区的出入口附近。从下月起，在围栏外还车的用户将无法结束行程，需要把车骑到最近的停放点。

交通局表示，新增停放点特别考虑了地铁3号线北延段的五座新车站（见[[a1003|3号线北延段报道]]）和即将调整的夜班公交线路（见[[a1008|N5、N8合并运营]]），方便市民“最后一公里”的换乘。

停放点的位置可以在各共享单车应用内查看，也可以在[交通专题](/tag/transit/)找到本报整理的地图。

交通局介绍，过去一年，地铁站出口被乱停放的单车堵住的投诉超过两千件，是市民热线中与交通有关的第三大类问题。电子围栏试点在三个地铁站运行半年后，相关投诉减少了七成。

对于担心找不到停放点的市民，交通局表示，新增的停放点间距一般不超过三百米，而且在每个停放点都画有明显的地面标线。单车企业也将在试行初期安排运维人员在主要站点引导用户。
""",
    ),
    # ------------------------------------------------------------------ world (en)
    Article(
        "a2001",
        "world",
        "2026-11-18T06:00:00+00:00",
        "Northern lights seen much further south than usual this week",
        "Maya Okafor",
        ("science",),
        "aurora-1200.jpg",
        "A strong geomagnetic storm pushed auroras to latitudes where they are rarely seen, and "
        "amateur astronomers have been sharing photographs from farmland and city rooftops.",
        """
!srcset aurora-1200.jpg aurora-600.jpg | Green and violet bands over farmland on Monday night, photographed by a reader.

Skywatchers far from the polar regions were treated to unusually bright auroras on Monday and Tuesday nights, after a burst of charged particles from the Sun reached Earth faster than forecasters had expected.

Space weather centres had issued a moderate storm watch on Sunday. By Monday evening the storm had strengthened by two levels, and reports of green and red glows came in from places where the aurora appears only a handful of times in a decade.

## Why it reached so far

The speed and the orientation of the magnetic field carried by the solar outburst both matter. When that field points opposite to Earth's own, energy couples into the magnetosphere more easily and the auroral oval expands towards the equator.

> "Most people saw it through their phone before they saw it with their eyes," said one volunteer observer. "Cameras are more sensitive to the faint reds than we are."

Forecasters say the Sun is near the busy part of its roughly eleven-year cycle, so further displays are likely over the coming months. A [public aurora dashboard](https://example.org/space-weather/aurora) shows the current outlook.
""",
    ),
    Article(
        "a2002",
        "world",
        "2026-11-16T13:30:00+00:00",
        "Coastal towns test floating breakwaters made from recycled plastic",
        "Tomas Lindqvist",
        ("climate", "oceans"),
        "harbour.jpg",
        "Three small harbours are trialling modular breakwaters built from recycled fishing gear, "
        "hoping to soften winter waves without pouring new concrete.",
        """
!figrel harbour.jpg | A line of floating modules at the mouth of a small fishing harbour.

Three small fishing harbours have begun a two-year trial of floating breakwaters assembled from recycled plastic, much of it recovered from discarded nets and ropes.

Each module is roughly the size of a rowing boat and is chained to the seabed. Linked together, the modules break up the shorter, steeper waves that do the most damage to moored boats, while letting water and fish pass underneath.

Engineers involved in the trial say floating barriers will never replace the big stone breakwaters that protect large ports. Their appeal is for small harbours where a concrete wall would cost more than the community can raise, and where a permanent structure might change how sand moves along the shore.

The modules carry sensors that log wave height on both sides. The first winter's results will be published on the project's [open data page](https://example.org/breakwater-trial/data).
""",
    ),
    Article(
        "a2003",
        "world",
        "2026-11-14T09:15:00+00:00",
        "A mountain seed bank receives its largest autumn deposit",
        "Priya Raman",
        ("science", "climate"),
        "seeds.png",
        "Boxes of seeds from forty-one collections arrived at a high-altitude seed bank this week, "
        "including old varieties of beans, millet and fruit trees.",
        """
!fig seeds.png | Sealed foil packets are sorted by collection before they go into cold storage.

A seed bank built into the side of a mountain received its largest autumn deposit this week: more than 26,000 samples from forty-one collections, carried up in insulated boxes on a single day.

The deposit includes local varieties of beans, millet and sorghum, and seeds from old fruit-tree orchards that growers feared would not survive another series of dry summers. Each sample is dried, sealed in foil and stored at minus eighteen degrees Celsius.

!broken seed-vault-interior.jpg | Inside the storage hall. (Image temporarily unavailable.)

Curators stress that the bank is a back-up, not a museum. The collections that deposit seeds keep their own working copies and can ask for their boxes back at any time, as several did after floods destroyed their stores.
""",
    ),
    Article(
        "a2004",
        "world",
        "2026-11-12T11:00:00+00:00",
        "Night trains return to a cross-border route after ten years",
        "Daniel Achterberg",
        ("travel",),
        "night-train.jpg",
        "Sleeper services are running again on a 900-kilometre route that lost its overnight train "
        "a decade ago, with couchettes, a dining car and bicycle spaces.",
        """
!fig night-train.jpg | The first overnight departure pulls out shortly before ten in the evening.

Overnight trains have returned to a 900-kilometre cross-border route for the first time in ten years. The service runs three nights a week in each direction, leaving at about ten in the evening and arriving a little after eight the next morning.

The operator says demand for sleeper trains has grown steadily as travellers look for alternatives to short flights. Each train has sleeping compartments, six-berth couchettes, ordinary seats and a dining car, as well as spaces for bicycles that must be booked in advance.

Rail enthusiasts point out that much of the old rolling stock was scrapped when the route closed, so the new service uses refurbished carriages leased from another operator. A full timetable is available on the [operator's website](https://example.com/nightrail/timetable).
""",
    ),
    Article(
        "a2005",
        "world",
        "2026-11-10T22:40:00+00:00",
        "Astronomers catalogue forty new near-Earth asteroids in one survey night",
        "Maya Okafor",
        ("science",),
        "aurora-600.jpg",
        "A new wide-field telescope found forty previously unknown near-Earth asteroids in a single "
        "night. None of them poses any risk to Earth.",
        """
!lazydata aurora-600.jpg | The telescope's dome under a clear sky during the survey night.

A wide-field survey telescope has reported forty previously unknown near-Earth asteroids from a single night of observations, a record for the instrument in its first year of operation.

All forty objects are small, the largest roughly 300 metres across, and follow-up measurements have already ruled out any chance of an impact in the next century. Astronomers say the result matters because it shows how quickly the survey can find objects that older telescopes missed.

The same clear, dark skies that helped this week's auroral displays (see [[a2001|our report on the northern lights]]) are less welcome here: bright aurora raises the sky background and makes faint asteroids harder to detect.

The new objects have been submitted to the international clearing house for minor planets, and anyone can check their orbits in the [public database](https://example.org/minor-planets/search).
""",
    ),
    Article(
        "a2006",
        "world",
        "2026-11-08T08:20:00+00:00",
        "Libraries report a surge in language-learning loans",
        "Priya Raman",
        ("science",),
        "chart-loans.png",
        "Public libraries in several countries say loans of language-learning books and audio "
        "courses have grown sharply, led by readers in their twenties and over-sixties.",
        """
!fig chart-loans.png | Loans of language-learning material, indexed to 2023 levels, in the libraries surveyed.

Public libraries in several countries report a sharp rise in loans of language-learning material over the past year, according to a survey of 120 library systems by a librarians' association.

<table class="stats">
<thead><tr><th>Age group</th><th>Loans 2024</th><th>Loans 2026</th><th>Change</th></tr></thead>
<tbody>
<tr><td>Under 20</td><td>41,200</td><td>44,900</td><td>+9%</td></tr>
<tr><td>20–39</td><td>63,800</td><td>88,100</td><td>+38%</td></tr>
<tr><td>40–59</td><td>52,300</td><td>58,700</td><td>+12%</td></tr>
<tr><td>60 and over</td><td>30,600</td><td>43,400</td><td>+42%</td></tr>
</tbody>
</table>

Librarians say the growth is strongest among readers in their twenties and thirties, many of whom combine a borrowed textbook with free conversation groups held in the library, and among readers over sixty, who often prefer printed books and audio CDs to apps.

The association recommends that libraries keep at least part of their language collections in print, noting that the most requested titles are grammar workbooks that readers like to write in. The full survey is on the [association's site](https://example.org/library-survey-2026).
""",
    ),
    Article(
        "a2007",
        "world",
        "2026-11-05T17:05:00+00:00",
        "Marathon runners help map urban heat with wrist sensors",
        "Tomas Lindqvist",
        ("climate", "science"),
        "heat-map.png",
        "More than two thousand runners wore small temperature loggers during a city marathon, "
        "producing a street-by-street map of where the city holds its heat.",
        """
!fig heat-map.png | Street temperatures recorded by runners at mid-morning, from cooler (yellow) to hotter (red).

More than two thousand runners wore small temperature loggers on their wrists during a city marathon last month, turning the race into one of the densest urban heat surveys ever carried out.

The data show that streets lined with mature trees were up to four degrees cooler than wide roads and car parks only a few hundred metres away. Researchers say the difference is large enough to matter for older residents during heatwaves, and they plan to share the map with the city's planning office.

Runners could opt out at any time, and the loggers recorded only temperature and position, not heart rate or identity. The anonymised data set is available for download under an open licence at [the project's site](https://example.org/heat-run/data).
""",
    ),
    Article(
        "a2008",
        "world",
        "2026-11-03T10:50:00+00:00",
        "Volunteer divers restore a coral nursery after storm season",
        "Daniel Achterberg",
        ("oceans", "climate"),
        "harbour.jpg",
        "After storms tore loose a third of a coral nursery, volunteer divers spent six weeks "
        "re-attaching fragments to new frames anchored in sheltered water.",
        """
!fig harbour.jpg | Divers prepare equipment on the quay before a morning dive.

Volunteer divers have spent six weeks repairing a coral nursery that lost about a third of its frames during this year's storm season.

The nursery grows fragments of fast-growing corals on metal frames before they are transplanted onto damaged reefs. The team moved the new frames into more sheltered water behind a headland, and is testing whether floating barriers like those described in [[a2002|our report on recycled-plastic breakwaters]] could protect the site further.

Marine biologists working with the volunteers say survival rates for re-attached fragments have been better than expected, at around seventy per cent. The project publishes monthly updates and welcomes trained divers; details are on its [volunteer page](https://example.org/coral-nursery/volunteer).
""",
    ),
    Article(
        "a2009",
        "world",
        "2026-10-31T14:30:00+00:00",
        "Ferry operators agree on a shared timetable standard",
        "Maya Okafor",
        ("travel",),
        "harbour.jpg",
        "Fourteen ferry operators have agreed to publish their timetables in a common open format, "
        "making it easier for journey planners to show connections by sea.",
        """
Fourteen ferry operators have agreed to publish their timetables in a shared open format from next spring, making it easier for journey-planning apps to show connections that include a boat.

Until now, many smaller operators published timetables only as PDF files or on paper notices at the quay. Travellers planning a trip that combined a train, a bus and a ferry often had to check each leg by hand.

The agreement builds on an existing format already used for buses and trains, with a few additions for sea travel, such as vehicle deck capacity and tide-dependent departures. Operators will also publish live delay information where their systems allow it.

Transport researchers welcomed the move but noted that several island routes, which depend most on ferries, are run by operators that have not yet signed up.
""",
    ),
    Article(
        "a2010",
        "world",
        "2026-10-29T07:45:00+00:00",
        "Small wind turbines tested on apartment rooftops",
        "Priya Raman",
        ("climate",),
        "heat-map.png",
        "A year-long trial of quiet vertical-axis turbines on apartment roofs found they covered "
        "about a tenth of the buildings' shared electricity use.",
        """
!fig heat-map.png | Wind speeds measured on the trial rooftops. Corner positions saw the strongest gusts.

A year-long trial of small vertical-axis wind turbines on the roofs of six apartment buildings found they generated about a tenth of the electricity used by the buildings' shared lighting, lifts and pumps.

Residents had worried about noise and vibration. Engineers mounted the turbines on rubber dampers and placed them away from the edges of the roof where possible, and the monitoring showed noise levels inside top-floor flats stayed below those of ordinary street traffic.

The trial's authors say rooftop turbines work best alongside solar panels, since winds are often stronger in the winter months when panels produce less. The same rooftop wind measurements were also used by the researchers behind [[a2007|the marathon heat map]], who compared roof and street conditions.
""",
    ),
    # ------------------------------------------------------------------ culture (zh)
    Article(
        "a3001",
        "culture",
        "2026-11-17T19:00:00+08:00",
        "河湾美术馆冬季展“纸与光”开幕",
        "周安",
        ("arts",),
        "gallery-wide.jpg",
        "美术馆冬季展以纸为材料、以光为主题，展出十二位艺术家的装置、剪纸和灯具作品。",
        """
!picture gallery-wide.jpg gallery-narrow.jpg | 展厅中央的纸灯装置由三千多片手工纸组成。（美术馆供图）

河湾美术馆冬季展“纸与光”17日开幕。展览以纸为材料、以光为主题，展出十二位艺术家的装置、剪纸和灯具作品，展期到明年二月底。

展厅中央悬挂着一件由三千多片手工纸组成的灯光装置。观众走动时，纸片随气流轻轻转动，投在墙上的影子也随之变化。策展人说，她希望观众在冬天最暗的几个月里，能在美术馆里看到“纸张怎样接住光”。

展览的另一部分陈列了本地剪纸艺人的作品，以及一组关于灯笼制作工艺的老照片。每周六下午，美术馆还安排了免费的纸灯制作工作坊，需要提前在美术馆网站预约。

美术馆周一闭馆，其他日子上午十点至下午六点开放，周五延长到晚上九点。

参展艺术家中年纪最大的一位已经七十八岁，她从年轻时就在城南的纸坊工作，这次展出的是她用边角料糊成的一组小灯。她说，过去的纸灯是为了照路，现在的纸灯更像是为了让人停下来看一看。

展览还特别为视力不便的观众准备了可以触摸的纸样和语音导览。美术馆教育部的工作人员说，纸是一种人人都摸过的材料，他们希望每个走进展厅的人都能找到和自己有关的东西。
""",
    ),
    Article(
        "a3002",
        "culture",
        "2026-11-15T15:30:00+08:00",
        "剪纸工作坊走进社区学校，孩子们剪出自己的街道",
        "孙海棠",
        ("heritage", "community"),
        "papercut.png",
        "非遗剪纸传承人带着工作坊走进三所社区学校，孩子们用红纸剪出了自己每天上学经过的街道。",
        """
!fig papercut.png | 一名四年级学生的作品：从家门口到学校的那条街。

一个学期以来，本市剪纸非遗传承人每周三下午都会带着一箱红纸和剪刀，走进城南的三所社区学校。这学期的题目很简单：剪出你每天上学经过的那条街。

孩子们的作品里有早点铺、修车摊、路口的大榕树，也有刚开通的地铁站。传承人说，传统剪纸的纹样大多来自生活，“过去剪的是窗花、喜字和庄稼，现在孩子们剪的是他们自己看到的城市。”

学期末，这些作品将在社区图书馆展出，之后会挑选一部分送到美术馆正在举办的冬季展“纸与光”中展示。

工作坊的教案已经整理成小册子，其他学校的老师可以向区文化馆申请。

一位三年级的班主任说，剪纸课让平时坐不住的孩子安静了下来。剪刀要一点一点地转，线条要先在纸上轻轻画好，急不得。有个孩子剪坏了三张纸，第四张终于剪出了他家楼下的修鞋摊，高兴得拿去给修鞋的爷爷看。

传承人说，她最看重的不是孩子们剪得像不像，而是他们开始留意身边的街道：哪家店的招牌换了，哪棵树冬天会落叶，哪个路口早上有人卖豆浆。
""",
    ),
    Article(
        "a3003",
        "culture",
        "2026-11-13T20:00:00+08:00",
        "河湾城市乐团首演新作《河湾组曲》",
        "周安",
        ("arts",),
        "gallery-narrow.jpg",
        "城市乐团在音乐厅首演由本地作曲家创作的《河湾组曲》，五个乐章分别描写江、桥、市场、车站和夜晚。",
        """
!fig gallery-narrow.jpg | 演出结束后，作曲家上台向观众致意。

河湾城市乐团13日晚在市音乐厅首演了本地作曲家创作的管弦乐新作《河湾组曲》。作品共五个乐章，分别题为“江”“桥”“市场”“车站”和“夜”，全长约三十五分钟。

作曲家说，她在写作前花了半年时间在城里录音：清晨菜市场的吆喝、地铁进站的提示音、码头的汽笛。这些声音没有直接放进作品，而是变成了旋律和节奏的材料。第三乐章里，木管乐器模仿讨价还价的一问一答，引起了观众的笑声。

演出前的导赏环节在美术馆举行，与正在展出的冬季展[[a3001|“纸与光”]]联动。乐团计划明年春天把组曲带到各区的社区文化中心演出。

乐评人认为，《河湾组曲》最成功的是第五乐章“夜”。弦乐在很弱的力度上持续了将近四分钟，只有竖琴偶尔拨出几个音，像江面上零星的灯火。整场演出结束时，观众安静了好几秒才开始鼓掌。

城市乐团成立于二十年前，成员大多是本地的音乐教师和业余演奏者。团长说，委约本地作曲家写作新作品是乐团这几年的重点，希望城市自己的故事也能在音乐厅里被听到。
""",
    ),
    Article(
        "a3004",
        "culture",
        "2026-11-11T10:00:00+08:00",
        "书评：《雨季的邮差》，一座小镇邮局的四十年",
        "陈嘉木",
        ("books",),
        "library-night.jpg",
        "这部长篇小说以一名乡镇邮递员的四十年为线索，写出了通信方式变化中人与人之间的联系。",
        """
!fig library-night.jpg | 《雨季的邮差》已在本市各图书馆上架。

《雨季的邮差》是一部节奏缓慢、却让人放不下的小说。主人公老方在南方一座多雨的小镇当了四十年邮递员，从骑自行车送信，到开着电动三轮车送快递，再到退休前最后几年帮老人们在手机上视频通话。

作者没有把这四十年写成一部怀旧史。书里的老方并不怀念“写信的年代”，他在意的是每一封信、每一个包裹后面的人：等待汇款的母亲、每月给远方笔友寄明信片的中学生、坚持用挂号信寄药方的老中医。

小说的语言朴素，许多章节只有几页，像一张张明信片。也正因为如此，最后一章老方收到的那封信才格外动人。

这本书适合在雨天慢慢读。本报读书版此前推荐过的书目，可以在[书评专题](/tag/books/)查看。

作者曾在一次读者见面会上说，这部小说的很多细节来自她父亲的回忆。她的父亲在乡镇邮局工作了三十多年，退休时把一本记满地址的旧笔记本留给了她。书中老方那本“比地图还准的本子”，就是由此而来。

如果说这本书有什么不足，那就是中段关于邮局改制的几章稍显拖沓，人物也一下子多了起来。但这并不影响整体的阅读体验，耐心读下去，会在最后几章得到回报。
""",
    ),
    Article(
        "a3005",
        "culture",
        "2026-11-09T18:30:00+08:00",
        "老电影院修复后重新开放，首映一部黑白默片",
        "赵一鸣",
        ("arts", "heritage"),
        "cinema.jpg",
        "建于上世纪三十年代的光明电影院修复完成，重新开放当晚放映了一部配现场钢琴伴奏的黑白默片。",
        """
!fig cinema.jpg | 修复后的光明电影院门厅，保留了原有的水磨石地面和售票窗口。

建于上世纪三十年代的光明电影院经过两年修复，9日晚重新开放。开幕放映选择了一部黑白默片，由一位钢琴师在台下现场伴奏，四百个座位座无虚席。

修复工作尽量保留了原有的结构和装饰：门厅的水磨石地面、木质售票窗口和观众厅的拱形天花板都经过清洁和加固，座椅则全部换成了新的，间距比原来宽了一些。放映设备既能放数字拷贝，也保留了一台胶片放映机。

电影院将由一家非营利机构运营，除了放映新片，每月还会安排一次老电影专场和一次学生短片展映。

开幕当晚，不少观众是全家一起来的。一位七十多岁的老人说，他小时候第一次看电影就是在这里，那时候门口总有卖瓜子和汽水的小摊。“座位换了，味道没变，”他指着天花板说，“这个灯还是原来的样子。”

修复团队在清理放映室时，还找到了几十张上世纪五六十年代的手绘电影海报。这些海报经过整理后，将在电影院二楼的走廊长期展出，观众凭当天的电影票可以免费参观。
""",
    ),
    Article(
        "a3006",
        "culture",
        "2026-11-07T14:00:00+08:00",
        "茶馆里的评书：年轻说书人的新尝试",
        "林晓雨",
        ("heritage",),
        "cinema.jpg",
        "几位年轻说书人在老茶馆里开设每周评书专场，把传统书目和城市里的新故事放在一起讲。",
        """
每周六下午两点，城西的老茶馆里都会坐满听众。台上的说书人今年二十六岁，一块醒木、一把折扇，讲的是传统书目，也讲河湾城里发生的新故事。

他和另外三位年轻人从两年前开始在茶馆说书。起初台下只有十几位老茶客，后来一些年轻人在网上看到片段，特意赶来听。现在每场能来一百多人，不少人是带着孩子来的。

!fig cinema.jpg | 周六下午的评书专场。

他们最近的新尝试，是把刚刚重新开放的光明电影院的故事编进书里，从三十年代的首映讲到今天的修复（见[[a3005|本报的报道]]）。“老书要守住，新书也要有人写，”他说，“评书本来就是讲身边事的。”

茶馆老板说，说书专场开起来以后，周六下午的生意比以前好了很多，但他最高兴的是茶馆里又有了笑声。为了让更多人听到，年轻说书人们还把每场演出录下来，剪成十分钟的片段发布在网上。

区文化馆计划明年举办一次青年评书比赛，并邀请几位老艺人担任评委。几位年轻人说，他们希望到时候能有更多同龄人站到台上来。
""",
    ),
    Article(
        "a3007",
        "culture",
        "2026-11-05T12:00:00+08:00",
        "城市摄影比赛揭晓，获奖作品聚焦日常街景",
        "孙海棠",
        ("arts", "community"),
        "city-street.jpg",
        "第五届河湾城市摄影比赛揭晓，一等奖作品拍摄的是清晨菜市场里正在摆摊的一对老夫妻。",
        """
第五届河湾城市摄影比赛5日揭晓结果。今年共收到参赛作品四千二百多幅，评委们选出的获奖作品几乎都是日常街景：清晨的菜市场、雨中的公交站、放学路上的孩子。

!fig city-street.jpg | 一等奖作品《六点》：清晨菜市场里正在摆摊的一对老夫妻。

一等奖作品《六点》拍摄的是青石巷菜市场里一对正在摆摊的老夫妻。评委会认为，这张照片“没有任何戏剧性，却让人一眼认出这是河湾”。

!lazy gallery-narrow.jpg | 二等奖作品《等车》：雨中的公交站台。

!broken street-3.jpg | 三等奖作品《放学》。（图片暂缺）

全部获奖作品将于下月在中心广场的户外展廊展出，同时在[主办方网站](https://example.org/riverbend-photo-2026)上发布。

评委会主任说，今年的参赛者中有很多是第一次参加比赛的业余爱好者，用的只是手机。“好照片不在于器材，而在于你愿不愿意每天早上六点出门，在一个地方站上一个小时。”

主办方还首次设立了“少年组”，收到中小学生的作品六百多幅。少年组一等奖由一名初二学生获得，她拍的是外婆在阳台上晾晒腊肉的背影。
""",
    ),
    Article(
        "a3008",
        "culture",
        "2026-11-03T09:30:00+08:00",
        "方言播客走红：用家乡话讲天气预报",
        "陈嘉木",
        ("heritage", "community"),
        "cinema.jpg",
        "一档用本地方言讲天气和城市小事的播客走红，主播说她想让老人和孩子都能听懂天气预报。",
        """
一档用河湾方言播报天气和城市小事的播客，最近在本地年轻人中流行起来。主播是一位退休的中学地理老师，每天早上七点更新，时长五分钟。

她说，做这档节目的初衷很简单：母亲听不太懂普通话的天气预报，常常不知道该不该带伞。于是她每天根据气象台的预报，用方言重新讲一遍，再加上一两句生活提醒。

上周的寒潮预警（见[[a1002|本地新闻报道]]）播出后，节目收听量翻了一倍。不少年轻人留言说，他们把节目转给了家里的老人，也顺便学会了几句快要听不到的老话。

!fig cinema.jpg | 主播在家中的书房里录制节目。

节目的内容并不复杂：明天的最高气温和最低气温、要不要带伞、适不适合晒被子，再加上一两句应景的老话，比如“冬至在月头，无被不用愁”。听众说，正是这种家常的语气让人觉得亲切。

本地一所大学的语言学研究者注意到了这档节目。她说，方言播客为保存日常口语提供了很好的材料，研究小组正在和主播商量，把节目中出现的方言词语整理成一份小词典。
""",
    ),
    Article(
        "a3009",
        "culture",
        "2026-11-01T11:00:00+08:00",
        "冬至饺子节将在文化公园举行",
        "周安",
        ("community", "heritage"),
        "papercut.png",
        "今年的冬至饺子节将在文化公园举行，现场有包饺子比赛、剪纸摊位和社区合唱团演出。",
        """
!fig papercut.png | 饺子节的宣传海报采用了剪纸风格。

一年一度的冬至饺子节将于冬至前的周末在文化公园举行。活动包括家庭包饺子比赛、各区特色饺子展示、社区合唱团演出，以及由剪纸传承人主持的剪纸摊位。

主办方介绍，剪纸摊位会展出社区学校孩子们这学期的作品（见[[a3002|剪纸工作坊报道]]），孩子们也会在现场教大家剪简单的窗花。

活动免费参加，包饺子比赛需要提前报名，每个家庭限三人。主办方提醒，当天文化公园周边车位紧张，建议乘坐公共交通前往。

今年的饺子节还新增了“各地饺子”展示区。住在河湾的外地居民可以报名，带来自己家乡的饺子做法，从北方的猪肉白菜馅到南方的虾仁笋丁馅，都会在现场一起包、一起煮。

去年的饺子节吸引了近两万人次参加。主办方说，今年将增加两处热水供应点和休息区，并为老人和带小孩的家庭设置专门的排队通道。
""",
    ),
    Article(
        "a3010",
        "culture",
        "2026-10-29T16:00:00+08:00",
        "古籍修复师：让百年旧书重见天光",
        "赵一鸣",
        ("books", "heritage"),
        "library-night.jpg",
        "市图书馆古籍修复室的三位修复师，一年修复两百多册破损古籍，最难的是被虫蛀和水渍损坏的书页。",
        """
!fig library-night.jpg | 修复师在灯箱上检查一页被虫蛀的书页。

市图书馆四楼的古籍修复室里，三位修复师每年要修复两百多册破损的古籍。最难处理的，是被虫蛀成网状的书页和多年前被水浸过、粘成一块的书册。

修复师介绍，修一本书往往要先花几天时间观察和记录：纸张的种类、厚薄和颜色，原来的装订方式，破损的位置。补纸要选和原书相近的手工纸，有时还要用植物染料一点点调色。

近年来，修复室开始给每一册修好的古籍做高清扫描，扫描件在图书馆网站上[免费开放](https://example.org/riverbend-library/rare-books)。修复师说：“书修好了要有人读，它才算真的活过来。”

修复室里最年轻的修复师今年二十九岁，大学学的是化学。她说，刚来的时候最难适应的是慢：一张书页可能要补上一整天，一册书要修好几个月。后来她发现，这种慢恰恰是这份工作的意义所在。

今年，修复室第一次对公众开放参观。每月第一个周六，市民可以预约进入修复室，隔着玻璃观看修复师工作，还可以亲手试着用浆糊和薄纸修补一张练习用的旧纸。
""",
    ),
]
ARTICLE_BY_ID = {a.id: a for a in ARTICLES}


# ---------------------------------------------------------------------- body markup


def img_url(name: str, relative: bool = False) -> str:
    return f"/img/{name}" if relative else f"{ORIGIN}/img/{name}"


def size_attrs(name: str) -> str:
    if name not in IMAGES:
        return ""
    w, h = IMAGES[name][:2]
    return f' width="{w}" height="{h}"'


def inline(text: str) -> str:
    out = html.escape(text, quote=False)
    out = re.sub(
        r"\[\[(a\d{4})\|([^\]]+)\]\]",
        lambda m: f'<a href="{ARTICLE_BY_ID[m[1]].url}">{m[2]}</a>',
        out,
    )
    return re.sub(r"\[([^\]]+)\]\(([^)\s]+)\)", lambda m: f'<a href="{m[2]}">{m[1]}</a>', out)


def figure(kind: str, names: list[str], caption: str) -> str:
    alt = html.escape(caption.split("（")[0].split(" (")[0], quote=True)
    cap = f"<figcaption>{inline(caption)}</figcaption>" if caption else ""
    name = names[0]
    if kind in ("fig", "figrel", "broken"):
        src = img_url(name, relative=kind == "figrel")
        img = f'<img src="{src}" alt="{alt}"{size_attrs(name)}>'
    elif kind == "srcset":
        big, small = names
        wb, ws = IMAGES[big][0], IMAGES[small][0]
        img = (
            f'<img src="{img_url(small)}" srcset="{img_url(small)} {ws}w, {img_url(big)} {wb}w" '
            f'sizes="(max-width: 600px) {ws}px, {wb}px" alt="{alt}"{size_attrs(small)}>'
        )
    elif kind == "lazy":
        img = (
            f'<img class="lazyload" src="/img/placeholder.png" data-src="{img_url(name)}" '
            f'alt="{alt}"{size_attrs(name)}>'
        )
    elif kind == "lazydata":
        small = name
        big = name.replace("-600", "-1200")
        img = (
            f'<img class="lazy" src="{PLACEHOLDER_GIF}" data-src="{img_url(small)}" '
            f'data-srcset="{img_url(small)} 600w, {img_url(big)} 1200w" alt="{alt}">'
        )
    elif kind == "picture":
        wide, narrow = names
        img = (
            f'<picture><source media="(min-width: 800px)" srcset="{img_url(wide)}">'
            f'<img src="{img_url(narrow)}" alt="{alt}"{size_attrs(narrow)}></picture>'
        )
    else:
        raise ValueError(f"unknown figure kind {kind!r}")
    return f'<figure class="story-image">{img}{cap}</figure>'


def render_body(source: str) -> str:
    blocks = [b.strip() for b in source.strip().split("\n\n") if b.strip()]
    out: list[str] = []
    for block in blocks:
        if block.startswith("!"):
            head, _, caption = block[1:].partition("|")
            kind, *names = head.split()
            out.append(figure(kind, names, caption.strip()))
        elif block.startswith("## "):
            out.append(f"<h2>{inline(block[3:])}</h2>")
        elif block.startswith("> "):
            out.append(f"<blockquote><p>{inline(block[2:])}</p></blockquote>")
        elif block.startswith("<"):
            out.append(block)
        else:
            out.append(f"<p>{inline(' '.join(block.splitlines()))}</p>")
    return "\n".join(out)


def absolutize(fragment: str) -> str:
    """Feeds carry absolute URLs only: readers resolve relative ones inconsistently."""
    return re.sub(r'(?<=["\s,])/(?=img/|news/|tag/|about)', ORIGIN + "/", fragment)


# ---------------------------------------------------------------------- pages

STRINGS = {
    "zh-CN": {
        "home": "首页",
        "by": "作者：",
        "tags": "标签：",
        "popular": "热门文章",
        "related": "相关阅读",
        "ad": "广告",
        "newsletter": "订阅每日简报",
        "email": "电子邮箱",
        "subscribe": "订阅",
        "share": "分享到：",
        "cookie": "本网站使用 Cookie 改善阅读体验。",
        "ok": "知道了",
        "comments": "评论（0）",
        "login": "登录后发表评论",
    },
    "en": {
        "home": "Home",
        "by": "By ",
        "tags": "Tags: ",
        "popular": "Most read",
        "related": "Related",
        "ad": "Advertisement",
        "newsletter": "Get the morning briefing",
        "email": "Email",
        "subscribe": "Subscribe",
        "share": "Share: ",
        "cookie": "This site uses cookies to improve your reading experience.",
        "ok": "OK",
        "comments": "Comments (0)",
        "login": "Sign in to comment",
    },
}


def site_name(lang: str) -> str:
    return SITE_ZH if lang.startswith("zh") else SITE_EN


def nav_html(lang: str) -> str:
    s = STRINGS[lang]
    items = [f'<li><a href="{ORIGIN}/">{s["home"]}</a></li>']
    items += [f'<li><a href="/news/{c.slug}/">{c.name}</a></li>' for c in CHANNELS]
    items.append('<li><a href="/about.html">关于我们 / About</a></li>')
    return '<nav class="main-nav"><ul>' + "".join(items) + "</ul></nav>"


def page(lang: str, title: str, head_extra: str, main: str, aside: str = "") -> str:
    s = STRINGS[lang]
    name = site_name(lang)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)}</title>
{head_extra}<link rel="stylesheet" href="/static/site.css">
<link rel="alternate" type="application/rss+xml" title="{SITE_ZH} · 本地" href="{ORIGIN}/feeds/local.xml">
<link rel="alternate" type="application/atom+xml" title="{SITE_EN} · World" href="{ORIGIN}/feeds/world.atom">
<link rel="alternate" type="application/rss+xml" title="{SITE_ZH} · 文化" href="{ORIGIN}/feeds/culture.xml">
<script>window.lanternAnalytics = {{site: "lantern", page: location.pathname}};</script>
<script async src="https://analytics.example.net/tag.js"></script>
</head>
<body>
<div class="cookie-banner" role="dialog">{s["cookie"]} <button type="button">{s["ok"]}</button></div>
<header class="site-header">
<a class="logo" href="{ORIGIN}/"><img src="/img/logo.png" alt="{name}" width="240" height="60"></a>
{nav_html(lang)}
<form class="search" action="/search" method="get"><input type="search" name="q"></form>
</header>
<div class="layout">
<main id="content">
{main}
</main>
{aside}
</div>
<footer class="site-footer">
<p>© 2026 {SITE_ZH} · {SITE_EN}. 本站内容为虚构示例 / All content on this site is fictional.</p>
<ul class="footer-links"><li><a href="/about.html">关于我们 / About</a></li>
<li><a href="https://example.org/lantern-daily/privacy">Privacy</a></li>
<li><a href="{ORIGIN}/sitemap.xml">Sitemap</a></li></ul>
</footer>
</body>
</html>
"""


def sidebar(article: Article) -> str:
    s = STRINGS[article.lang]
    popular = [a for a in ARTICLES if a.channel == article.channel and a.id != article.id][:5]
    items = "".join(f'<li><a href="{a.url}">{html.escape(a.title)}</a></li>' for a in popular)
    return f"""<aside class="sidebar">
<section class="popular"><h3>{s["popular"]}</h3><ol>{items}</ol></section>
<div class="ad-slot"><span>{s["ad"]}</span><a href="https://ads.example.net/click?id=lantern-42">
<img src="https://ads.example.net/banner-300x250.png" alt="" width="300" height="250"></a></div>
<section class="newsletter"><h3>{s["newsletter"]}</h3>
<form action="/newsletter" method="post"><label>{s["email"]} <input type="email" name="email">
</label><button type="submit">{s["subscribe"]}</button></form></section>
</aside>"""


def article_page(a: Article) -> str:
    s = STRINGS[a.lang]
    chan = CHANNEL_BY_SLUG[a.channel]
    name = site_name(a.lang)
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "datePublished": a.published,
        "author": {"@type": "Person", "name": a.author},
        "image": [img_url(a.lead)],
        "publisher": {"@type": "Organization", "name": name},
    }
    tags_meta = "".join(f'<meta property="article:tag" content="{t}">\n' for t in a.tags)
    head = f"""<meta name="description" content="{html.escape(a.summary)}">
<meta name="author" content="{html.escape(a.author)}">
<meta property="og:type" content="article">
<meta property="og:site_name" content="{name}">
<meta property="og:title" content="{html.escape(a.title)}">
<meta property="og:description" content="{html.escape(a.summary)}">
<meta property="og:url" content="{a.url}">
<meta property="og:image" content="{img_url(a.lead)}">
<meta property="article:published_time" content="{a.published}">
<meta property="article:section" content="{chan.name}">
{tags_meta}<link rel="canonical" href="{a.url}">
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
"""
    tag_links = " ".join(f'<a href="/tag/{t}/" rel="tag">{TAGS[t]}</a>' for t in a.tags)
    related = [r for r in ARTICLES if r.channel == a.channel and r.id != a.id][-3:]
    related_html = "".join(
        f'<li><a href="{r.url}">{html.escape(r.title)}</a></li>' for r in related
    )
    date_text = a.when.strftime("%Y-%m-%d %H:%M")
    main = f"""<nav class="breadcrumbs"><a href="{ORIGIN}/">{s["home"]}</a> ›
<a href="/news/{a.channel}/">{chan.name}</a></nav>
<article class="story" id="story-{a.id}">
<header class="story-header">
<h1 class="headline">{html.escape(a.title)}</h1>
<p class="byline">{s["by"]}<span class="author">{html.escape(a.author)}</span>
<time datetime="{a.published}">{date_text}</time></p>
</header>
<div class="story-body">
{render_body(a.body)}
</div>
<footer class="story-tags">{s["tags"]}{tag_links}</footer>
</article>
<div class="share-bar">{s["share"]}<a href="javascript:void(0)" class="share-wechat">WeChat</a>
<a href="https://social.example.com/share?u={a.url}">Social</a>
<button type="button" onclick="window.print()">Print</button></div>
<section class="related"><h3>{s["related"]}</h3><ul>{related_html}</ul></section>
<section class="comments"><h3>{s["comments"]}</h3><p>{s["login"]}</p></section>"""
    return page(a.lang, f"{a.title} - {name}", head, main, sidebar(a))


def listing(lang: str, title: str, heading: str, intro: str, items: list[Article]) -> str:
    lis = "\n".join(
        f'<li class="story-item"><a class="story-link" href="{a.url}">{html.escape(a.title)}</a>'
        f' <time datetime="{a.published}">{a.when:%Y-%m-%d}</time>'
        f'<p class="dek">{html.escape(a.summary)}</p></li>'
        for a in items
    )
    main = f"""<h1>{html.escape(heading)}</h1>
<p class="intro">{html.escape(intro)}</p>
<ul class="story-list">
{lis}
</ul>"""
    return page(lang, title, "", main)


# ---------------------------------------------------------------------- feeds


def by_date(items: list[Article]) -> list[Article]:
    return sorted(items, key=lambda a: a.when, reverse=True)


def channel_articles(slug: str) -> list[Article]:
    return by_date([a for a in ARTICLES if a.channel == slug])


def x(text: str) -> str:
    return html.escape(text, quote=True)


def rss(chan: Channel, full: bool, sizes: dict[str, int]) -> str:
    items = []
    for a in channel_articles(chan.slug):
        cats = "".join(f"<category>{x(TAGS[t])}</category>" for t in a.tags)
        lead = img_url(a.lead)
        mime = "image/png" if a.lead.endswith(".png") else "image/jpeg"
        if full:
            guid = f'<guid isPermaLink="true">{a.url}</guid>'
            extra = (
                f"<content:encoded><![CDATA[{absolutize(render_body(a.body))}]]></content:encoded>\n"
                f'<enclosure url="{lead}" length="{sizes[a.lead]}" type="{mime}"/>'
            )
        else:
            guid = f'<guid isPermaLink="false">lantern-daily:{a.channel}:{a.id}</guid>'
            w, h = IMAGES[a.lead][:2]
            extra = (
                f'<media:content url="{lead}" medium="image" type="{mime}" '
                f'width="{w}" height="{h}"/>'
            )
        items.append(
            f"""<item>
<title>{x(a.title)}</title>
<link>{a.url}</link>
{guid}
<pubDate>{format_datetime(a.when)}</pubDate>
<dc:creator>{x(a.author)}</dc:creator>
{cats}
<description>{x(a.summary)}</description>
{extra}
</item>"""
        )
    newest = channel_articles(chan.slug)[0].when
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom" \
xmlns:media="http://search.yahoo.com/mrss/">
<channel>
<title>{SITE_ZH} · {chan.name}</title>
<link>{ORIGIN}/news/{chan.slug}/</link>
<description>{x(chan.description)}</description>
<language>{chan.lang.lower()}</language>
<lastBuildDate>{format_datetime(newest)}</lastBuildDate>
<atom:link href="{ORIGIN}/feeds/{chan.slug}.xml" rel="self" type="application/rss+xml"/>
<image><url>{ORIGIN}/img/logo.png</url><title>{SITE_ZH}</title><link>{ORIGIN}/</link></image>
{chr(10).join(items)}
</channel>
</rss>
"""


def atom(chan: Channel) -> str:
    entries = []
    for a in channel_articles(chan.slug):
        cats = "".join(f'<category term="{t}" label="{x(TAGS[t])}"/>' for t in a.tags)
        mime = "image/png" if a.lead.endswith(".png") else "image/jpeg"
        entries.append(
            f"""<entry>
<id>tag:lantern-daily.example,2026:{a.channel}/{a.id}</id>
<title>{x(a.title)}</title>
<link rel="alternate" type="text/html" href="{a.url}"/>
<link rel="enclosure" type="{mime}" href="{img_url(a.lead)}"/>
<published>{a.published}</published>
<updated>{a.published}</updated>
<author><name>{x(a.author)}</name></author>
{cats}
<summary type="text">{x(a.summary)}</summary>
<content type="html">{x(absolutize(render_body(a.body)))}</content>
</entry>"""
        )
    newest = channel_articles(chan.slug)[0].published
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{chan.lang}">
<id>tag:lantern-daily.example,2026:{chan.slug}</id>
<title>{SITE_EN} · {chan.name}</title>
<subtitle>{x(chan.description)}</subtitle>
<link rel="alternate" type="text/html" href="{ORIGIN}/news/{chan.slug}/"/>
<link rel="self" type="application/atom+xml" href="{ORIGIN}/feeds/{chan.slug}.atom"/>
<updated>{newest}</updated>
<icon>{ORIGIN}/img/logo.png</icon>
{chr(10).join(entries)}
</feed>
"""


def json_feed(chan: Channel) -> str:
    items = [
        {
            "id": f"tag:lantern-daily.example,2026:{a.channel}/{a.id}",
            "url": a.url,
            "title": a.title,
            "content_html": absolutize(render_body(a.body)),
            "summary": a.summary,
            "image": img_url(a.lead),
            "date_published": a.published,
            "authors": [{"name": a.author}],
            "tags": list(a.tags),
            "language": chan.lang,
        }
        for a in channel_articles(chan.slug)
    ]
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{SITE_EN} · {chan.name}",
        "home_page_url": f"{ORIGIN}/news/{chan.slug}/",
        "feed_url": f"{ORIGIN}/feeds/{chan.slug}.json",
        "description": chan.description,
        "icon": f"{ORIGIN}/img/logo.png",
        "language": chan.lang,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def sitemaps() -> tuple[str, str]:
    newest = by_date(ARTICLES)[0].published
    index = f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>{ORIGIN}/sitemaps/news-1.xml</loc><lastmod>{newest}</lastmod></sitemap>
</sitemapindex>
"""
    urls = []
    for a in by_date(ARTICLES):
        lang = "zh-cn" if a.lang.startswith("zh") else "en"
        urls.append(
            f"""<url>
<loc>{a.url}</loc>
<lastmod>{a.published}</lastmod>
<news:news><news:publication><news:name>{site_name(a.lang)}</news:name>\
<news:language>{lang}</news:language></news:publication>
<news:publication_date>{a.published}</news:publication_date>
<news:title>{x(a.title)}</news:title></news:news>
<image:image><image:loc>{img_url(a.lead)}</image:loc></image:image>
</url>"""
        )
    news = f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" \
xmlns:news="http://www.google.com/schemas/sitemap-news/0.9" \
xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
{chr(10).join(urls)}
</urlset>
"""
    return index, news


# ---------------------------------------------------------------------- images


def make_image(path: Path, spec: tuple[int, int, str, str, str]) -> None:
    w, h, a, b, label = spec
    seed = zlib.crc32(path.name.encode())
    grad = Image.new("RGB", (2, 1))
    grad.putpixel((0, 0), ImageColor.getrgb(a))
    grad.putpixel((1, 0), ImageColor.getrgb(b))
    img = grad.resize((w, h), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(img)
    if w > 100:
        for i in range(5):
            r = h // (4 + (seed >> (i * 3)) % 5)
            cx = (seed >> (i * 4)) % w
            cy = (seed >> (i * 5 + 2)) % h
            shade = 255 - 30 * i
            draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=(shade, shade, shade), width=3)
        draw.rectangle((0, h - h // 6, w, h), fill=b)
    if label:
        font = ImageFont.load_default(size=max(14, h // 12))
        draw.text((w // 20 + 2, h - h // 7 + 2), label, fill="#000000", font=font)
        draw.text((w // 20, h - h // 7), label, fill="#ffffff", font=font)
    if path.suffix == ".png":
        img.convert("P", palette=Image.Palette.ADAPTIVE, colors=48).save(path, optimize=True)
    else:
        img.save(path, quality=70, optimize=True)


# ---------------------------------------------------------------------- site

CSS = """body{font-family:sans-serif;margin:0;color:#222}
.site-header,.site-footer{background:#7a1f1f;color:#fff;padding:8px 16px}
.site-header a,.site-footer a{color:#fff}.main-nav ul{display:flex;gap:12px;list-style:none}
.layout{display:flex;gap:24px;max-width:1100px;margin:auto}main{flex:3}.sidebar{flex:1}
.story-image img{max-width:100%;height:auto}figcaption{color:#666;font-size:.9em}
.cookie-banner{background:#fffbe0;padding:6px}table{border-collapse:collapse}
td,th{border:1px solid #ccc;padding:4px 8px}
"""

ABOUT = """<h1>关于灯笼日报 / About The Lantern Daily</h1>
<p>灯笼日报是为 samizdat 项目编写的虚构新闻网站，所有文章、人物和机构均为虚构。</p>
<p>The Lantern Daily is a fictional news site written for the samizdat project. All articles,
people and organisations on it are invented.</p>"""


def write(rel: str, text: str) -> None:
    path = ROOT / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main() -> None:
    if ROOT.exists():
        shutil.rmtree(ROOT)
    (ROOT / "img").mkdir(parents=True)
    sizes = {}
    for name, spec in IMAGES.items():
        make_image(ROOT / "img" / name, spec)
        sizes[name] = (ROOT / "img" / name).stat().st_size
    for a in ARTICLES:
        write(a.path.lstrip("/"), article_page(a))
    for chan in CHANNELS:
        write(
            f"news/{chan.slug}/index.html",
            listing(
                chan.lang,
                f"{chan.name} - {site_name(chan.lang)}",
                chan.name,
                chan.description,
                channel_articles(chan.slug),
            ),
        )
    for tag, label in TAGS.items():
        tagged = by_date([a for a in ARTICLES if tag in a.tags])
        lang = tagged[0].lang if tagged else "zh-CN"
        write(
            f"tag/{tag}/index.html",
            listing(lang, f"{label} - {site_name(lang)}", label, f"#{tag}", tagged),
        )
    write(
        "index.html",
        listing(
            "zh-CN",
            f"{SITE_ZH} · {SITE_EN}",
            SITE_ZH,
            "河湾市的新闻与文化 · News from Riverbend and beyond",
            by_date(ARTICLES)[:15],
        ),
    )
    write("about.html", page("zh-CN", f"关于我们 - {SITE_ZH}", "", ABOUT))
    write("static/site.css", CSS)
    write("robots.txt", f"User-agent: *\nAllow: /\nSitemap: {ORIGIN}/sitemap.xml\n")
    local, world, culture = CHANNELS
    write("feeds/local.xml", rss(local, full=True, sizes=sizes))
    write("feeds/culture.xml", rss(culture, full=False, sizes=sizes))
    write("feeds/world.atom", atom(world))
    write("feeds/world.json", json_feed(world))
    index, news = sitemaps()
    write("sitemap.xml", index)
    write("sitemaps/news-1.xml", news)
    total = sum(p.stat().st_size for p in ROOT.rglob("*") if p.is_file())
    print(f"wrote {len(ARTICLES)} articles, {len(IMAGES)} images, {total // 1024} KiB to {ROOT}")


if __name__ == "__main__":
    main()
